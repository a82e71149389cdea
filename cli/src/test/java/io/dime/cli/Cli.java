package io.dime.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** The command line as the tests call it: one invocation of {@code dime}, its exit code and both streams. */
final class Cli {
    private Cli() {
    }

    record Result(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- out:\n" + out + "\n--- err:\n" + err;
        }
    }

    static Result dime(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }
}
