package dev.switchboard.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.context.AssembledContext;
import dev.switchboard.directive.Directive;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * Everything an adapter gets for one run.
 *
 * @param input      the input message as sent ({@code role}, {@code content}, …)
 * @param prompt     the input's text with pending directives rendered in front (see {@link DirectiveText})
 * @param directives directives delivered with this input, most urgent first
 * @param context    what the agent should see of the session, as {@code GET /v1/sessions/{key}/context} assembles
 *                   it (session block, active summary, the messages after it up to and including the input; loaded
 *                   on demand: http agents get it as their request messages, jsonl process agents in their input line)
 * @param runDir     {@code <data>/runs/<run-id>}, where process runs keep their stdout/stderr logs
 */
public record AdapterRun(
        Run run,
        JsonNode input,
        String prompt,
        List<Directive> directives,
        Supplier<AssembledContext> context,
        Path runDir,
        OutputSink out,
        StopSignal stop) {}
