package org.musubi.prs;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.musubi.output.FastGzip;
import org.musubi.output.OutputCommit;
import org.musubi.util.ByteText;

/**
 * The matching's files that {@link PrsPlan} writes on the driver, {@code match_summary.csv} and
 * {@code match_log.csv.gz} (its lines built as bytes: {@link ByteText}), with the number and CSV formatting that the
 * per-sample files ({@link PrsSampleOutputs}) share, and the driver threads that write beside the scoring job.
 */
final class PrsOutputs {
    private PrsOutputs() {}

    /** Runs {@code body} on a new daemon thread of the driver; {@link #await} gives its result or error. */
    static FutureTask<Void> startThread(String name, Callable<Void> body) {
        FutureTask<Void> task = new FutureTask<>(body);
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        t.start();
        return task;
    }

    /** Waits for {@code task}; its error, if any, is thrown here. */
    static void await(FutureTask<Void> task) throws IOException {
        try {
            task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for a driver thread", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) {
                throw io;
            }
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IOException(c);
        }
    }

    /** Waits for {@code task} to end, its result and error ignored (another error is being reported). */
    static void awaitQuietly(FutureTask<Void> task) {
        try {
            task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // the caller's error is the one reported
        }
    }

    /**
     * {@code match_summary.csv} and {@code match_log.csv.gz}, with pgsc_calc's columns; the log adds
     * {@code unmatched_reason} (why an unmatched row is unmatched; pgsc_calc has no such column).
     */
    static void writeMatchOutputs(
            OutputCommit commit,
            String dataset,
            List<PrsPlan.Score> scores,
            List<VariantMatcher.FileMatch> matches,
            VariantMatcher.Options opt)
            throws IOException {
        FileSystem fs = commit.fs();
        StringBuilder sum = new StringBuilder(
                "dataset,accession,score_pass,match_status,ambiguous,is_multiallelic,duplicate_best_match,"
                        + "duplicate_ID,match_flipped,match_IDs,count,percent\n");
        try (OutputStream log = FastGzip.open(fs.create(new Path(commit.staging(), "match_log.csv.gz")))) {
            ByteText line = new ByteText();
            line.add("row_nr,accession,chr_name,chr_position,rsID,effect_allele,other_allele,effect_weight,"
                    + "effect_type,ID,REF,ALT,matched_effect_allele,match_type,is_multiallelic,ambiguous,"
                    + "match_flipped,duplicate_best_match,duplicate_ID,match_IDs,best_match,exclude,match_status,"
                    + "dataset,unmatched_reason\n");
            String ds = csv(dataset);
            String[] effectTypes = new String[ScoringFile.EffectType.values().length];
            for (ScoringFile.EffectType e : ScoringFile.EffectType.values()) {
                effectTypes[e.ordinal()] = e.name().toLowerCase(Locale.ROOT);
            }
            String[] statuses = VariantMatcher.STATUSES.toArray(new String[0]);
            String[] types = VariantMatcher.MATCH_TYPES.toArray(new String[0]);
            for (PrsPlan.Score s : scores) {
                VariantMatcher.FileMatch m = matches.get(s.file());
                MatchTargets tg = m.targets();
                List<ScoringFile.Variant> rows = m.file().variants();
                boolean pass = m.matchRate() >= opt.minOverlap();
                // match_summary's rows: counts by (status, ambiguous, multi-allelic, duplicate best match, duplicate
                // ID, flipped) as a 7-bit code, in the order of first appearance
                long[] counts = new long[128];
                int[] order = new int[128];
                int nCodes = 0;
                String name = csv(s.name());
                for (int k = 0; k < m.size(); k++) {
                    ScoringFile.Variant v = rows.get(m.row(k));
                    int t = m.target(k);
                    int type = m.type(k);
                    boolean multi = t >= 0 && tg.multi[t];
                    boolean amb = m.has(k, VariantMatcher.FileMatch.AMBIGUOUS);
                    boolean flipped = t >= 0 && VariantMatcher.flipped(type);
                    boolean dupBest = m.has(k, VariantMatcher.FileMatch.DUP_BEST);
                    boolean dupId = m.has(k, VariantMatcher.FileMatch.DUP_ID);
                    boolean best = m.has(k, VariantMatcher.FileMatch.BEST);
                    int status = m.status(k);
                    line.add(v.line()).add(',').add(name).add(',');
                    csv(line, v.chr()).add(',');
                    if (v.pos() != 0) {
                        line.add(v.pos());
                    }
                    line.add(',');
                    csv(line, v.rsId()).add(',');
                    csv(line, v.effectAllele()).add(',');
                    csv(line, v.otherAllele()).add(',');
                    line.add(num(v.weights()[s.column()]))
                            .add(',')
                            .add(effectTypes[v.effectType().ordinal()])
                            .add(',');
                    if (t < 0) {
                        line.add(",,,,");
                    } else {
                        if (plain(tg.contig[t]) && plain(tg.ref[t]) && plain(tg.alt[t])) {
                            line.add(tg.contig[t])
                                    .add(':')
                                    .add(tg.pos[t])
                                    .add(':')
                                    .add(tg.ref[t])
                                    .add(':')
                                    .add(tg.alt[t])
                                    .add(',');
                        } else {
                            csv(line, tg.contig[t] + ":" + tg.pos[t] + ":" + tg.ref[t] + ":" + tg.alt[t])
                                    .add(',');
                        }
                        csv(line, tg.ref[t]).add(',');
                        csv(line, tg.alt[t]).add(',');
                        csv(line, VariantMatcher.effectIsAlt(type) ? tg.alt[t] : tg.ref[t])
                                .add(',')
                                .add(types[type]);
                    }
                    line.add(',')
                            .add(multi)
                            .add(',')
                            .add(amb)
                            .add(',')
                            .add(flipped)
                            .add(',')
                            .add(dupBest)
                            .add(',')
                            .add(dupId)
                            .add(",false,")
                            .add(best)
                            .add(',')
                            .add(m.has(k, VariantMatcher.FileMatch.EXCLUDE) || t < 0)
                            .add(',')
                            .add(statuses[status])
                            .add(',')
                            .add(ds)
                            .add(',');
                    csv(line, m.reason(k)).add('\n');
                    line.flushTo(log);
                    if (best || t < 0) {
                        int code = status
                                | (amb ? 4 : 0)
                                | (multi ? 8 : 0)
                                | (dupBest ? 16 : 0)
                                | (dupId ? 32 : 0)
                                | (flipped ? 64 : 0);
                        if (counts[code]++ == 0) {
                            order[nCodes++] = code;
                        }
                    }
                }
                for (int i = 0; i < nCodes; i++) {
                    int code = order[i];
                    sum.append(csv(dataset))
                            .append(',')
                            .append(csv(s.name()))
                            .append(',')
                            .append(pass)
                            .append(',')
                            .append(statuses[code & 3])
                            .append(',')
                            .append((code & 4) != 0)
                            .append(',')
                            .append((code & 8) != 0)
                            .append(',')
                            .append((code & 16) != 0)
                            .append(',')
                            .append((code & 32) != 0)
                            .append(',')
                            .append((code & 64) != 0)
                            .append(",false,")
                            .append(counts[code])
                            .append(',')
                            .append(VariantMatcher.percent(counts[code], m.rows()))
                            .append('\n');
                }
            }
            line.writeTo(log);
        }
        commit.writeFile("match_summary.csv", sum.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Appends {@link #csv(String)} of {@code s}. */
    static ByteText csv(ByteText b, String s) {
        if (s == null) {
            return b;
        }
        if (!plain(s)) {
            return b.add('"').add(s.replace("\"", "\"\"")).add('"');
        }
        return b.add(s);
    }

    /** Whether {@code s} needs no CSV quoting. */
    private static boolean plain(String s) {
        return s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0;
    }

    static String csv(String s) {
        if (s == null) {
            return "";
        }
        if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }

    /** Shortest decimal that reads back as the same double, without exponent (plink2 prints 6 digits). */
    static String num(double d) {
        if (Double.isNaN(d)) {
            return "NA";
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        String s = Double.toString(d);
        // A plain decimal reads back unchanged through BigDecimal; only the exponent form needs it.
        return s.indexOf('E') < 0 ? s : new java.math.BigDecimal(s).toPlainString();
    }

    static String safeName(String s) {
        return s.replaceAll("[^A-Za-z0-9_.-]", "_");
    }

    static String datasetName(String table) {
        String t = table;
        while (t.endsWith("/")) {
            t = t.substring(0, t.length() - 1);
        }
        t = t.substring(t.lastIndexOf('/') + 1);
        return t.endsWith(".mvt") ? t.substring(0, t.length() - 4) : t;
    }
}
