/**
 * Sweeps on Apache Spark, for users who outgrow one machine: the sweep's design, seeding, scenario
 * editing and result rows come from the analysis module's {@code Sweep}, so a sweep gives the same
 * {@code results.csv} here as with {@code dime sweep}; Spark only decides where each
 * (point, replication) task runs. The scenario files a sweep refers to travel with the job, so
 * workers need no shared file system.
 */
package io.dime.spark;
