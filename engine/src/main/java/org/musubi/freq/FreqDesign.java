package org.musubi.freq;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.musubi.genome.GenomeBuild;

/**
 * The strata of a frequency run and which samples belong to each: built on the driver from the table's samples,
 * broadcast to the tasks. Stratum 0 is "all"; then the populations (sorted), XX, XY, then population × sex.
 */
public final class FreqDesign implements Serializable {
    private static final long serialVersionUID = 1L;

    /** One stratum: its name in the Parquet output, its INFO key suffix, population and sex (null = any). */
    public record Stratum(String name, String suffix, String population, String sex, int samples)
            implements Serializable {}

    public final List<Stratum> strata;
    /** Per sample: the strata (other than 0, "all") it belongs to. */
    public final int[][] sampleStrata;
    /** Per sample: XX, XY or null. */
    public final String[] sex;
    /** Indexes of the population strata (grpmax and fafmax candidates). */
    public final int[] groupStrata;

    public final int sampleCount;
    public final GenomeBuild build;
    /** Per sample: left out of every count (withdrawn consent). */
    public final boolean[] excluded;
    /** The release gate's k; 0 = no gate (internal output). */
    public final int k;
    /** Partitions for complementary suppression: {total, part, part, …}. */
    public final int[][] partitions;

    private FreqDesign(
            List<Stratum> strata,
            int[][] sampleStrata,
            String[] sex,
            int[] groupStrata,
            int sampleCount,
            GenomeBuild build,
            boolean[] excluded,
            int k,
            int[][] partitions) {
        this.strata = strata;
        this.sampleStrata = sampleStrata;
        this.sex = sex;
        this.groupStrata = groupStrata;
        this.sampleCount = sampleCount;
        this.build = build;
        this.excluded = excluded;
        this.k = k;
        this.partitions = partitions;
    }

    /**
     * @param sexes per sample XX/XY/null
     * @param populations per sample, null when unknown
     * @param byPopulation stratify by population
     * @param bySex stratify by sex (with byPopulation also population × sex)
     * @param excluded per sample, left out of every count (null: none)
     * @param gateK the release gate's k, 0 for none
     */
    public static FreqDesign build(
            String[] sexes,
            String[] populations,
            boolean byPopulation,
            boolean bySex,
            GenomeBuild build,
            boolean[] excluded,
            int gateK) {
        int n = sexes.length;
        boolean[] out = excluded == null ? new boolean[n] : excluded;
        String[] sex = new String[n];
        for (int i = 0; i < n; i++) {
            sex[i] = "XX".equals(sexes[i]) || "XY".equals(sexes[i]) ? sexes[i] : null;
        }
        List<String> pops = new ArrayList<>(new TreeSet<>(nonNull(populations)));
        Layout lay = layout(pops, byPopulation, bySex);
        List<String[]> defs = lay.defs;
        List<Integer> groups = lay.groups;
        int[] counts = new int[defs.size()];
        int[][] sampleStrata = new int[n][];
        for (int i = 0; i < n; i++) {
            List<Integer> in = new ArrayList<>();
            if (out[i]) {
                sampleStrata[i] = new int[0];
                continue;
            }
            String p = populations[i];
            for (int k = 1; k < defs.size(); k++) {
                String[] d = defs.get(k);
                boolean popOk = d[2] == null || d[2].equals(p);
                boolean sexOk = d[3] == null || d[3].equals(sex[i]);
                if (popOk && sexOk) {
                    in.add(k);
                    counts[k]++;
                }
            }
            counts[0]++;
            sampleStrata[i] = in.stream().mapToInt(Integer::intValue).toArray();
        }
        List<Stratum> strata = new ArrayList<>();
        for (int k = 0; k < defs.size(); k++) {
            String[] d = defs.get(k);
            strata.add(new Stratum(d[0], d[1], d[2], d[3], counts[k]));
        }
        return new FreqDesign(
                strata,
                sampleStrata,
                sex,
                groups.stream().mapToInt(Integer::intValue).toArray(),
                n,
                build,
                out,
                gateK,
                lay.partitions);
    }

    /**
     * The design of a merge of several banks' outputs (no samples): the same strata, in the same order, as {@link
     * #build} gives for these populations, with the given sample counts per stratum name (absent: 0).
     */
    public static FreqDesign merged(
            List<String> populations, boolean byPopulation, boolean bySex, Map<String, Long> samples, int gateK) {
        List<String> pops = new ArrayList<>(new TreeSet<>(populations));
        Layout lay = layout(pops, byPopulation, bySex);
        List<Stratum> strata = new ArrayList<>();
        for (String[] d : lay.defs) {
            long n = samples.getOrDefault(d[0], 0L);
            strata.add(new Stratum(d[0], d[1], d[2], d[3], (int) Math.min(Integer.MAX_VALUE, n)));
        }
        return new FreqDesign(
                strata,
                new int[0][],
                new String[0],
                lay.groups.stream().mapToInt(Integer::intValue).toArray(),
                0,
                null,
                new boolean[0],
                gateK,
                lay.partitions);
    }

    /** Stratum definitions {name, suffix, population, sex}, the population strata and the partitions. */
    private record Layout(List<String[]> defs, List<Integer> groups, int[][] partitions) {}

    private static Layout layout(List<String> pops, boolean byPopulation, boolean bySex) {
        Map<String, Integer> index = new LinkedHashMap<>();
        List<String[]> defs = new ArrayList<>(); // name, suffix, pop, sex
        defs.add(new String[] {"all", "", null, null});
        List<Integer> groups = new ArrayList<>();
        if (byPopulation) {
            for (String p : pops) {
                groups.add(defs.size());
                defs.add(new String[] {p, "_" + key(p), p, null});
            }
        }
        if (bySex) {
            for (String s : List.of("XX", "XY")) {
                defs.add(new String[] {s, "_" + s, null, s});
            }
        }
        if (byPopulation && bySex) {
            for (String p : pops) {
                for (String s : List.of("XX", "XY")) {
                    defs.add(new String[] {p + "_" + s, "_" + key(p) + "_" + s, p, s});
                }
            }
        }
        for (int k = 0; k < defs.size(); k++) {
            index.put(defs.get(k)[0], k);
        }
        List<int[]> parts = new ArrayList<>();
        if (byPopulation && !pops.isEmpty()) {
            parts.add(prepend(0, groups));
        }
        if (bySex) {
            parts.add(new int[] {0, index.get("XX"), index.get("XY")});
        }
        if (byPopulation && bySex) {
            for (String p : pops) {
                parts.add(new int[] {index.get(p), index.get(p + "_XX"), index.get(p + "_XY")});
            }
            for (String x : List.of("XX", "XY")) {
                List<Integer> ps = new ArrayList<>();
                for (String p : pops) {
                    ps.add(index.get(p + "_" + x));
                }
                parts.add(prepend(index.get(x), ps));
            }
        }
        return new Layout(defs, groups, parts.toArray(new int[0][]));
    }

    private static int[] prepend(int first, List<Integer> rest) {
        int[] a = new int[rest.size() + 1];
        a[0] = first;
        for (int i = 0; i < rest.size(); i++) {
            a[i + 1] = rest.get(i);
        }
        return a;
    }

    /** A population's INFO-key form: lower case, characters other than [a-z0-9] as '_' (gnomAD: AC_eas). */
    static String key(String population) {
        return population.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "_");
    }

    private static List<String> nonNull(String[] a) {
        List<String> out = new ArrayList<>();
        for (String s : a) {
            if (s != null && !s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }

    /** grpmax and fafmax of a variant; null where no population qualifies. */
    record GroupMax(String grpmax, String fafmaxGroup, Double fafmax) {}

    /**
     * grpmax: the population stratum ({@link #groupStrata}) with the highest AF among those whose AC is shown and
     * above 0; fafmax: the one with the highest FAF95 among those whose AN is shown and above 0 (the first wins a
     * tie). {@code shown[0]}/{@code shown[1]} are the released AC and AN of each stratum (null when suppressed).
     */
    GroupMax groupMax(Double[] af, Double[] f95, Long[][] shown) {
        String grpmax = null;
        double best = -1;
        String fafmaxGrp = null;
        double fafmax = -1;
        for (int k : groupStrata) {
            if (af[k] != null && shown[0][k] > 0 && af[k] > best) {
                best = af[k];
                grpmax = strata.get(k).name();
            }
            if (f95[k] != null && shown[1][k] > 0 && f95[k] > fafmax) {
                fafmax = f95[k];
                fafmaxGrp = strata.get(k).name();
            }
        }
        return new GroupMax(grpmax, fafmaxGrp, fafmaxGrp == null ? null : fafmax);
    }
}
