package dev.switchboard.bench;

import java.util.List;

/** One group of rows of the results table. */
interface Scenario {
    String group();

    List<Row> run(Context ctx) throws Exception;
}
