package io.dime.cli;

import picocli.CommandLine.Option;

/** {@code --quiet}, for every command that prints progress or results. */
final class QuietOption {
    @Option(names = "--quiet", description = "Print nothing but errors.")
    boolean on;
}
