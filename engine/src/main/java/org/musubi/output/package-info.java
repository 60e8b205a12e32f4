/**
 * How a job's output comes to be: {@link org.musubi.output.OutputRun} and {@link org.musubi.output.OutputCommit}
 * (staging directory, atomic commit, {@code _SUCCESS}), {@link org.musubi.output.RunSummary} ({@code summary.json}),
 * {@link org.musubi.output.PartFiles} and {@link org.musubi.output.PartConcat} (parts written by task attempts, put
 * together by the driver), {@link org.musubi.output.Tabix} ({@code .tbi}). Used by every job's plan; imports
 * nothing from the plans.
 */
package org.musubi.output;
