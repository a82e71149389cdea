/**
 * The {@code dime} command (picocli): run, validate and list. Commands parse arguments,
 * call the engine and print; bad input exits with code 2 and one located paragraph, never a
 * stack trace.
 */
package io.dime.cli;
