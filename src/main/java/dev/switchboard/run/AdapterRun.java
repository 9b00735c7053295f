package dev.switchboard.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.directive.Directive;
import dev.switchboard.transcript.Message;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * Everything an adapter gets for one run.
 *
 * @param input      the input message as sent ({@code role}, {@code content}, …)
 * @param prompt     the input's text with pending directives rendered in front (see {@link DirectiveText})
 * @param directives directives delivered with this input, most urgent first
 * @param transcript the session's transcript up to and including the input (loaded on demand: only the
 *                   http adapter needs it)
 * @param runDir     {@code <data>/runs/<run-id>}, where process runs keep their stdout/stderr logs
 */
public record AdapterRun(
        Run run,
        JsonNode input,
        String prompt,
        List<Directive> directives,
        Supplier<List<Message>> transcript,
        Path runDir,
        OutputSink out,
        StopSignal stop) {}
