package dev.switchboard.web;

/**
 * One WebSocket RPC method: reads its {@link WsCall} and calls the same service method as the REST endpoint
 * it mirrors (never a second implementation of a rule). The returned value is serialized as the reply's
 * {@code result}; a thrown exception becomes its {@code error} problem.
 */
@FunctionalInterface
public interface WsMethod {
    Object call(WsCall call) throws Exception;
}
