package dev.switchboard.compaction;

/**
 * Why a running compaction can't produce its checkpoint (the summarizer failed, the transcript changed under it, …).
 * Caught where the compaction ends and recorded as the checkpoint's {@code error}: the checkpoint becomes
 * {@code failed} and the context stays as it was.
 */
final class CompactionFailure extends RuntimeException {
    CompactionFailure(String message) {
        super(message, null, false, false);
    }
}
