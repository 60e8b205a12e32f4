package org.musubi.gwas;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musubi.simulate.CohortFiles;
import org.musubi.simulate.SimulatePlan;
import org.musubi.simulate.SimulateRequest;
import org.musubi.simulate.model.SimulationParams;
import org.musubi.testing.SparkTestBase;
import org.musubi.testing.Tools;

/**
 * gwas {@code --keep} with {@code --maf} and {@code --min-call-rate} against plink2 2.00a3.5 with the same keep list,
 * pedigree and thresholds (issue 13 step 0b): the variant set, A1, OBS_CT and the statistics. A simulated cohort with
 * trios and sibling pairs (its samples.tsv pat/mat columns are the pedigree, given to plink2 as the .psam's PAT/MAT)
 * and 3% missing calls; 100 kept samples, so their frequencies and call rates differ from the whole table's. The
 * oracle commands are the {@code plink2(...)} lines below (plink2 counts frequencies over the kept founders).
 */
@org.junit.jupiter.api.Tag("slow")
class GwasKeepMafSparkTest extends SparkTestBase {
    @TempDir
    static Path tmp;

    static Path bank;
    static Path psam;
    static Path keep;

    @BeforeAll
    static void cohort() throws Exception {
        SimulationParams p =
                new SimulationParams(new int[] {400}, 1500, 7, List.of("21", "22"), 20, 0.4, 0.2, 0.4, 0.03);
        Path out = tmp.resolve("sim");
        SimulatePlan.run(spark(), new SimulateRequest(p, "both", out.toString(), false, List.of("test")));
        bank = out.resolve("bankA");
        List<String> rows = Files.readAllLines(bank.resolve(CohortFiles.SAMPLES));
        List<String> header = List.of(rows.get(0).split("\t"));
        List<String> ps = new ArrayList<>(List.of("#FID\tIID\tSEX\tPAT\tMAT"));
        List<String> kept = new ArrayList<>();
        for (int i = 1; i < rows.size(); i++) {
            String[] f = rows.get(i).split("\t");
            ps.add(f[header.indexOf("fid")] + "\t" + f[0] + "\t" + (f[1].equals("XY") ? 1 : 2) + "\t"
                    + f[header.indexOf("pat")] + "\t"
                    + f[header.indexOf("mat")]);
            if (i % 4 == 0) {
                kept.add(f[header.indexOf("fid")] + "\t" + f[0]);
            }
        }
        psam = tmp.resolve("cohort.psam");
        Files.write(psam, ps);
        keep = tmp.resolve("keep.txt");
        Files.write(keep, kept);
        assertThat(kept).hasSize(100);
    }

    private static Path musubi(String name, String keepFile, double maf, double minCallRate) throws Exception {
        Path out = tmp.resolve(name);
        GwasPlan.run(
                spark(),
                GwasRequest.builder()
                        .table(bank.resolve("cohort.mvt").toString())
                        .phenoFile(bank.resolve(CohortFiles.PHENO).toString())
                        .phenoNames(List.of("qt"))
                        .maf(maf)
                        .minCallRate(minCallRate)
                        .keep(keepFile)
                        .partitions(3)
                        .out(out.toString())
                        .build());
        return out;
    }

    private static Path plink2(String name, String extra) throws Exception {
        Path prefix = tmp.resolve(name);
        Tools.sh("plink2 --vcf " + bank.resolve(SimulatePlan.VCF) + " --psam " + psam + " --pheno "
                + bank.resolve(CohortFiles.PHENO) + " --pheno-name qt --glm allow-no-covars --threads 1 " + extra
                + " --out " + prefix);
        return Path.of(prefix + ".qt.glm.linear");
    }

    @Test
    void keepWithMafAndCallRateGivesPlink2sVariantsAndStatistics() throws Exception {
        Assumptions.assumeTrue(Tools.available("plink2"), "plink2 not installed");
        Path ours = musubi("keep", keep.toString(), 0.05, 0.97);
        Path theirs = plink2("keep-plink2", "--keep " + keep + " --maf 0.05 --geno 0.03");
        Map<String, String[]> m = read(ours.resolve("qt.glm.linear"));
        Map<String, String[]> o = read(theirs);
        // the kept samples' frequencies differ from the table's: the whole-table filter would keep another set
        Map<String, String[]> whole = read(musubi("whole", null, 0.05, 0.97).resolve("qt.glm.linear"));
        assertThat(whole.keySet()).isNotEqualTo(o.keySet());
        compare(m, o);
        String summary = Files.readString(ours.resolve("summary.json"));
        assertThat(summary).contains("MAF >= 0.05 over the ").contains("kept founder(s)");
        assertThat(Files.readString(ours.resolve("qt.tsv.gz-meta.yaml")))
                .contains("minor_allele_freq_lower_limit: 0.05")
                .contains("variant filters: MAF >= 0.05 over the");
    }

    @Test
    void everySampleKeptButFoundersCountTheFrequencies() throws Exception {
        Assumptions.assumeTrue(Tools.available("plink2"), "plink2 not installed");
        // no --keep: the table records parents, so MAF (and A1) are over the founders, not the stored counts
        Map<String, String[]> m = read(musubi("founders", null, 0.1, 0).resolve("qt.glm.linear"));
        Map<String, String[]> o = read(plink2("founders-plink2", "--maf 0.1"));
        compare(m, o);
    }

    /** Same variants, A1 and OBS_CT; BETA and SE within 1e-5 relative, P within 1e-5 in log10 (6 printed digits). */
    private static void compare(Map<String, String[]> m, Map<String, String[]> o) {
        assertThat(m.keySet()).containsExactlyElementsOf(o.keySet());
        List<String> bad = new ArrayList<>();
        for (Map.Entry<String, String[]> e : o.entrySet()) {
            String[] t = e.getValue();
            String[] u = m.get(e.getKey());
            for (int c : new int[] {A1, OBS}) {
                if (!t[c].equals(u[c])) {
                    bad.add(e.getKey() + ": " + u[c] + " vs plink2 " + t[c]);
                }
            }
            if (t[BETA].equals("NA") || u[BETA].equals("NA")) {
                if (!t[BETA].equals(u[BETA])) {
                    bad.add(e.getKey() + ": BETA " + u[BETA] + " vs plink2 " + t[BETA]);
                }
                continue;
            }
            double b = Double.parseDouble(t[BETA]);
            double se = Double.parseDouble(t[SE]);
            if (Math.abs(Double.parseDouble(u[BETA]) - b) > 1e-5 * Math.abs(b)
                    || Math.abs(Double.parseDouble(u[SE]) - se) > 1e-5 * se
                    || Math.abs(Math.log10(Double.parseDouble(u[P])) - Math.log10(Double.parseDouble(t[P]))) > 1e-5) {
                bad.add(e.getKey() + ": " + String.join(" ", u) + " vs plink2 " + String.join(" ", t));
            }
        }
        assertThat(bad).isEmpty();
    }

    private static final int A1 = 0;
    private static final int OBS = 1;
    private static final int BETA = 2;
    private static final int SE = 3;
    private static final int P = 4;

    /** CHROM:POS:REF:ALT → A1, OBS_CT, BETA, SE, P of a .glm.linear file (plink2's or Musubi's). */
    private static Map<String, String[]> read(Path glm) throws Exception {
        List<String> lines = Files.readAllLines(glm, StandardCharsets.UTF_8);
        List<String> h = List.of(lines.get(0).split("\t"));
        Map<String, String[]> out = new LinkedHashMap<>();
        for (String l : lines.subList(1, lines.size())) {
            String[] f = l.split("\t", -1);
            out.put(f[0] + ":" + f[1] + ":" + f[h.indexOf("REF")] + ":" + f[h.indexOf("ALT")], new String[] {
                f[h.indexOf("A1")], f[h.indexOf("OBS_CT")], f[h.indexOf("BETA")], f[h.indexOf("SE")], f[h.indexOf("P")]
            });
        }
        return out;
    }
}
