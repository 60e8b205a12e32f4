package org.musubi.report;

import java.util.List;

/**
 * A report run, validated by the job.
 *
 * @param inputs Musubi output directories (gwas, prs, freq, freq-merge, meta, variant tables) or directories holding
 *     them one or two levels down (e.g. the demo's root)
 * @param out the HTML file to write
 * @param title the page title
 * @param overwrite replace an existing file
 * @param arguments the command line (recorded on the page)
 */
public record ReportRequest(List<String> inputs, String out, String title, boolean overwrite, List<String> arguments) {}
