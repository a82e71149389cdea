/**
 * Reports: charts (JFreeChart, PNG and SVG) and the HTML report of a run, a sweep or a
 * comparison, drawn from the files a run folder holds.
 */
package io.dime.reports;
