package org.musubi.prs;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.musubi.format.Alleles;
import org.musubi.util.IntList;

/**
 * Matches scoring-file rows to a table's variants as pgsc_calc / pygscatalog do (SPECS §1.3): join on chromosome,
 * position and alleles with match types in priority order {@code refalt, altref, refalt_flip, altref_flip} (rows
 * without other allele: {@code no_oa_ref, no_oa_alt, no_oa_ref_flip, no_oa_alt_flip}); label best matches,
 * duplicate best matches and duplicate IDs; exclude strand-ambiguous and multi-allelic targets unless asked. Rows
 * without a position match on the table's ID column. Rows the scoring file marks unusable (complex alleles, no
 * position and no rsID) are unmatched without a lookup, as pgsc_calc counts them; every unmatched row says why
 * ({@link Candidate#reason()}). No Spark.
 *
 * <p>The targets are held as columns ({@link TargetIndex}, sorted positions per contig) and the result as columns
 * ({@link FileMatch}: one entry per (row, target) pair, unmatched rows once), so that matching a 10⁵–10⁶-row score
 * makes no object per row; {@link FileMatch#log()} gives the entries as {@link Candidate} records when wanted.
 */
public final class VariantMatcher {
    private VariantMatcher() {}

    /** Match types, best first. */
    public static final List<String> MATCH_TYPES = List.of(
            "refalt",
            "altref",
            "refalt_flip",
            "altref_flip",
            "no_oa_ref",
            "no_oa_alt",
            "no_oa_ref_flip",
            "no_oa_alt_flip");

    /** The match statuses, by {@link FileMatch#status(int)} code. */
    static final List<String> STATUSES = List.of("matched", "excluded", "not_best", "unmatched");

    static final byte MATCHED = 0;
    static final byte EXCLUDED = 1;
    static final byte NOT_BEST = 2;
    static final byte UNMATCHED = 3;

    /**
     * A table variant.
     *
     * @param contig the table's contig name (as stored)
     * @param multiallelic whether the row comes from a split multi-allelic record
     */
    public record Target(String contig, int pos, String ref, String alt, String id, boolean multiallelic)
            implements Serializable {
        /** {@code contig:pos:ref:alt} with the table's contig name: the key the scoring pass looks rows up by. */
        public String key() {
            return contig + ":" + pos + ":" + ref + ":" + alt;
        }
    }

    /** Matching options. */
    public record Options(boolean keepAmbiguous, boolean keepMultiallelic, double minOverlap) {
        public static Options defaults() {
            return new Options(false, false, 0.75);
        }
    }

    /**
     * One candidate pair (scoring row, target), or an unmatched scoring row ({@code target == null}).
     *
     * @param row index of the scoring row in its file's variants
     * @param effectIsAlt whether the effect allele is the target's ALT
     * @param reason for an unmatched row, why: {@link ScoringFile.Variant#unusable()}, {@link #NOT_IN_TARGET} or
     *     {@link #ALLELES_DIFFER}; null otherwise
     */
    public record Candidate(
            int row,
            ScoringFile.Variant variant,
            Target target,
            String matchType,
            boolean effectIsAlt,
            boolean ambiguous,
            boolean flipped,
            boolean bestMatch,
            boolean duplicateBestMatch,
            boolean duplicateId,
            boolean exclude,
            String status,
            String reason) {}

    /** Unmatched: no table variant at the row's position (or with its ID). */
    public static final String NOT_IN_TARGET = "not_in_target";
    /** Unmatched: table variants at the row's position (or with its ID), none with the row's alleles. */
    public static final String ALLELES_DIFFER = "alleles_differ";

    /** Index of the best match type of a row against a target, or -1. */
    static int matchType(String ea, String oa, String ref, String alt) {
        return matchType(ea, oa, complement(ea), complement(oa), ref, alt);
    }

    /** {@link #matchType(String, String, String, String)} with the complements of the row's alleles given. */
    private static int matchType(String ea, String oa, String eaf, String oaf, String ref, String alt) {
        if (oa != null) {
            if (ref.equals(ea) && alt.equals(oa)) {
                return 0;
            }
            if (alt.equals(ea) && ref.equals(oa)) {
                return 1;
            }
            if (eaf != null && oaf != null) {
                if (ref.equals(eaf) && alt.equals(oaf)) {
                    return 2;
                }
                if (alt.equals(eaf) && ref.equals(oaf)) {
                    return 3;
                }
            }
            return -1;
        }
        if (ref.equals(ea)) {
            return 4;
        }
        if (alt.equals(ea)) {
            return 5;
        }
        if (eaf != null) {
            if (ref.equals(eaf)) {
                return 6;
            }
            if (alt.equals(eaf)) {
                return 7;
            }
        }
        return -1;
    }

    /** Whether a match type's effect allele is the target's ALT ({@code altref*}, {@code no_oa_alt*}). */
    static boolean effectIsAlt(int type) {
        return (type & 1) == 1;
    }

    /** Whether a match type is a strand flip ({@code *_flip}). */
    static boolean flipped(int type) {
        return (type & 2) == 2;
    }

    /** {@link Alleles#complement}, without allocating for a single base. */
    private static String complement(String a) {
        if (a != null && a.length() == 1) {
            return switch (a.charAt(0)) {
                case 'A' -> "T";
                case 'T' -> "A";
                case 'C' -> "G";
                case 'G' -> "C";
                default -> null;
            };
        }
        return Alleles.complement(a);
    }

    /** {@link Alleles#isStrandAmbiguous}, without allocating. */
    static boolean strandAmbiguous(String a, String b) {
        if (a.length() != 1 || b.length() != 1) {
            return false;
        }
        char x = a.charAt(0);
        char y = b.charAt(0);
        return (x == 'A' && y == 'T') || (x == 'T' && y == 'A') || (x == 'C' && y == 'G') || (x == 'G' && y == 'C');
    }

    /** Matches one file's rows: two passes over its rows (best match per row, then the labels), no object per row. */
    public static FileMatch match(ScoringFile file, TargetIndex index, Options opt) {
        List<ScoringFile.Variant> rows = file.variants();
        int nr = rows.size();
        MatchTargets tg = index.targets;
        int[] buf = new int[8];
        // Pass 1: per row its best match type (-1: none), the first target with it, whether several have it; per
        // target key the rows whose first best match it is.
        byte[] bestType = new byte[nr];
        int[] firstBest = new int[nr];
        boolean[] dupBest = new boolean[nr];
        boolean[] noCandidate = new boolean[nr];
        int[] bestPerKey = new int[tg.size];
        for (int r = 0; r < nr; r++) {
            ScoringFile.Variant v = rows.get(r);
            buf = tg.candidates(v, buf);
            int cnt = tg.found;
            noCandidate[r] = cnt == 0;
            String ea = v.effectAllele();
            String oa = v.otherAllele();
            String eaf = cnt == 0 ? null : complement(ea);
            String oaf = cnt == 0 ? null : complement(oa);
            int best = Integer.MAX_VALUE;
            int nBest = 0;
            int first = -1;
            for (int k = 0; k < cnt; k++) {
                int t = buf[k];
                int type = matchType(ea, oa, eaf, oaf, tg.ref[t], tg.alt[t]);
                if (type < 0) {
                    continue;
                }
                if (type < best) {
                    best = type;
                    nBest = 1;
                    first = t;
                } else if (type == best) {
                    nBest++;
                }
            }
            bestType[r] = (byte) (first < 0 ? -1 : best);
            firstBest[r] = first;
            dupBest[r] = nBest > 1;
            if (first >= 0) {
                bestPerKey[tg.keyOf[first]]++;
            }
        }
        // Pass 2: one entry per (row, matching target), unmatched rows once.
        FileMatch out = new FileMatch(file, tg, nr);
        for (int r = 0; r < nr; r++) {
            ScoringFile.Variant v = rows.get(r);
            if (bestType[r] < 0) {
                out.add(r, -1, -1, noCandidate[r] ? FileMatch.NO_CANDIDATE : 0, UNMATCHED);
                continue;
            }
            buf = tg.candidates(v, buf);
            int cnt = tg.found;
            String ea = v.effectAllele();
            String oa = v.otherAllele();
            String eaf = complement(ea);
            String oaf = complement(oa);
            for (int k = 0; k < cnt; k++) {
                int t = buf[k];
                int type = matchType(ea, oa, eaf, oaf, tg.ref[t], tg.alt[t]);
                if (type < 0) {
                    continue;
                }
                boolean best = t == firstBest[r];
                boolean amb = strandAmbiguous(tg.ref[t], tg.alt[t]);
                boolean dupId = best && bestPerKey[tg.keyOf[t]] > 1;
                boolean exclude = (amb && !opt.keepAmbiguous()) || (tg.multi[t] && !opt.keepMultiallelic()) || dupId;
                int flags = (best ? FileMatch.BEST : 0)
                        | (type == bestType[r] && dupBest[r] ? FileMatch.DUP_BEST : 0)
                        | (dupId ? FileMatch.DUP_ID : 0)
                        | (exclude ? FileMatch.EXCLUDE : 0)
                        | (amb ? FileMatch.AMBIGUOUS : 0);
                byte status = !best ? NOT_BEST : exclude ? EXCLUDED : MATCHED;
                out.add(r, t, type, flags, status);
            }
        }
        return out;
    }

    /**
     * The result for one scoring file, as columns: one entry per (row, target) pair, unmatched rows once, in row
     * order; {@link #log()} gives them as {@link Candidate} records.
     */
    public static final class FileMatch {
        static final int BEST = 1;
        static final int DUP_BEST = 2;
        static final int DUP_ID = 4;
        static final int EXCLUDE = 8;
        static final int AMBIGUOUS = 16;
        /** An unmatched row without any target at its position (or with its ID). */
        static final int NO_CANDIDATE = 32;

        private final ScoringFile file;
        private final MatchTargets index;
        private final IntList row;
        private final IntList target;
        /** match type | flags << 8 | status << 16 */
        private final IntList code;

        private long matched;
        private long excluded;
        private long unmatched;

        FileMatch(ScoringFile file, MatchTargets index, int expected) {
            this.file = file;
            this.index = index;
            int c = Math.max(16, expected);
            row = new IntList(c);
            target = new IntList(c);
            code = new IntList(c);
        }

        void add(int r, int t, int matchType, int f, byte st) {
            row.add(r);
            target.add(t);
            code.add((matchType & 0xFF) | (f & 0xFF) << 8 | (st & 0xFF) << 16);
            switch (st) {
                case MATCHED -> matched++;
                case EXCLUDED -> excluded++;
                case UNMATCHED -> unmatched++;
                default -> {}
            }
        }

        public ScoringFile file() {
            return file;
        }

        /** Scoring rows of the file. */
        public long rows() {
            return file.variants().size();
        }

        public long matched() {
            return matched;
        }

        public long excluded() {
            return excluded;
        }

        public long unmatched() {
            return unmatched;
        }

        public double matchRate() {
            return rows() == 0 ? 0 : (double) matched / rows();
        }

        /** The targets matched against. */
        MatchTargets targets() {
            return index;
        }

        /** Number of entries. */
        int size() {
            return row.size();
        }

        /** Entry {@code k}'s scoring row (index in the file's variants). */
        int row(int k) {
            return row.get(k);
        }

        /** Entry {@code k}'s target (index in {@link #targets()}), -1 for an unmatched row. */
        int target(int k) {
            return target.get(k);
        }

        /** Entry {@code k}'s match type (index in {@link #MATCH_TYPES}), -1 for an unmatched row. */
        int type(int k) {
            return (code.get(k) & 0xFF);
        }

        boolean has(int k, int flag) {
            return ((code.get(k) >>> 8 & 0xFF) & flag) != 0;
        }

        /** Entry {@code k}'s status: {@link #MATCHED}, {@link #EXCLUDED}, {@link #NOT_BEST} or {@link #UNMATCHED}. */
        byte status(int k) {
            return (byte) (code.get(k) >>> 16);
        }

        /** Why entry {@code k}'s row is unmatched, null for a matching entry. */
        String reason(int k) {
            if ((byte) (code.get(k) >>> 16) != UNMATCHED) {
                return null;
            }
            String u = file.variants().get(row.get(k)).unusable();
            return u != null ? u : has(k, NO_CANDIDATE) ? NOT_IN_TARGET : ALLELES_DIFFER;
        }

        /** The entries as records (one object each: for tests and small files). */
        public List<Candidate> log() {
            List<Candidate> out = new ArrayList<>(size());
            for (int k = 0; k < size(); k++) {
                ScoringFile.Variant v = file.variants().get(row.get(k));
                if (target.get(k) < 0) {
                    out.add(new Candidate(
                            row.get(k),
                            v,
                            null,
                            null,
                            false,
                            false,
                            false,
                            false,
                            false,
                            false,
                            true,
                            "unmatched",
                            reason(k)));
                    continue;
                }
                int ty = (code.get(k) & 0xFF);
                out.add(new Candidate(
                        row.get(k),
                        v,
                        index.target(target.get(k)),
                        MATCH_TYPES.get(ty),
                        effectIsAlt(ty),
                        has(k, AMBIGUOUS),
                        flipped(ty),
                        has(k, BEST),
                        has(k, DUP_BEST),
                        has(k, DUP_ID),
                        has(k, EXCLUDE),
                        STATUSES.get((byte) (code.get(k) >>> 16)),
                        null));
            }
            return out;
        }
    }

    /** Percent with two decimals, as pgsc_calc's report. */
    static String percent(long count, long total) {
        return String.format(Locale.ROOT, "%.2f", total == 0 ? 0.0 : 100.0 * count / total);
    }

    /** The table variants to match against (see {@link MatchTargets}). */
    public static final class TargetIndex {
        final MatchTargets targets;

        public TargetIndex(Iterable<Target> targets) {
            MatchTargets.Builder b = new MatchTargets.Builder();
            for (Target t : targets) {
                b.add(t.contig(), t.pos(), t.ref(), t.alt(), t.id(), t.multiallelic());
            }
            this.targets = b.build();
        }

        TargetIndex(MatchTargets targets) {
            this.targets = targets;
        }

        /** Number of targets. */
        public int size() {
            return targets.size;
        }
    }
}
