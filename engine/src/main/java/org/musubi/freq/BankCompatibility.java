package org.musubi.freq;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.musubi.error.MusubiUserException;
import org.musubi.genome.Contig;
import org.musubi.genome.GenomeBuild;

/**
 * Whether freq outputs of several banks can be merged ({@link FreqMergePlan}), and what they share: the genome build,
 * the stratification, the merged contig order (first bank's order, then contigs only later banks have) with lengths,
 * and, when stratified by population, every bank's populations.
 */
record BankCompatibility(String build, List<String> strataBy, Map<String, Long> contigs, List<String> populations) {

    /** Refuses banks that cannot be combined, with the reason and the fix. */
    static BankCompatibility check(List<BankFreq> banks) {
        Map<String, BankFreq> byKey = new HashMap<>();
        for (BankFreq b : banks) {
            BankFreq other = byKey.put(b.key().toLowerCase(Locale.ROOT), b);
            if (other != null) {
                throw new MusubiUserException("--inputs " + other.dir() + " and " + b.dir() + " are both bank '"
                        + b.name() + "' (names must differ, ignoring case); give each bank its own name with"
                        + " --names A,B,...");
            }
        }
        BankFreq first = banks.get(0);
        for (BankFreq b : banks) {
            if (GenomeBuild.parse(b.genomeBuild()) == null) {
                throw new MusubiUserException("bank " + b.name() + " (" + b.dir() + "): genome build "
                        + (b.genomeBuild() == null
                                ? "unknown (its table was ingested without one)"
                                : "'" + b.genomeBuild() + "' is not GRCh37 or GRCh38")
                        + "; re-ingest its table with --genome-build"
                        + " and re-run freq, so that positions can be compared across banks");
            }
            if (GenomeBuild.parse(b.genomeBuild()) != GenomeBuild.parse(first.genomeBuild())) {
                throw new MusubiUserException("bank " + b.name() + " is on " + b.genomeBuild() + " but bank "
                        + first.name() + " is on " + first.genomeBuild() + ": positions of different builds cannot"
                        + " be merged; lift one bank's input over (e.g. Picard LiftoverVcf or CrossMap), re-ingest"
                        + " it and re-run freq");
            }
            if (!new LinkedHashSet<>(b.strataBy()).equals(new LinkedHashSet<>(first.strataBy()))) {
                throw new MusubiUserException("bank " + b.name() + " is stratified by " + describe(b.strataBy())
                        + " but bank " + first.name() + " by " + describe(first.strataBy())
                        + ": a stratum missing from one bank would be undercounted; re-run freq in every bank with"
                        + " the same --strata");
            }
        }
        // contig names: "chr1" in one bank and "1" (or chrX and 23) in another is the same contig written two ways
        Map<String, String> bare = new HashMap<>(); // canonical name (Contig) → (bank, name)
        Map<String, Long> contigs = new LinkedHashMap<>();
        Map<String, String> lengthFrom = new HashMap<>();
        for (BankFreq b : banks) {
            for (Map.Entry<String, Long> e : b.contigs().entrySet()) {
                String name = e.getKey();
                String stem = Contig.canonical(name);
                String seen = bare.putIfAbsent(stem, b.name() + "\t" + name);
                if (seen != null && !seen.endsWith("\t" + name)) {
                    String[] s = seen.split("\t", 2);
                    throw new MusubiUserException("bank " + s[0] + " names a contig '" + s[1] + "' and bank "
                            + b.name() + " names it '" + name + "': contig names must be written the same way in"
                            + " every bank; rename one bank's contigs (bcftools annotate --rename-chrs), re-ingest"
                            + " and re-run freq");
                }
                Long len = e.getValue();
                Long known = contigs.get(name);
                if (len != null && known != null && !len.equals(known)) {
                    throw new MusubiUserException("contig " + name + " is " + known + " bp long in bank "
                            + lengthFrom.get(name) + " but " + len + " bp in bank " + b.name() + ": the banks used"
                            + " different reference genomes; bring them to the same reference (GRCh37 or GRCh38,"
                            + " same assembly), re-ingest and re-run freq");
                }
                if (known == null) {
                    contigs.put(name, len);
                    if (len != null) {
                        lengthFrom.put(name, b.name());
                    }
                }
            }
        }
        Set<String> pops = new TreeSet<>();
        if (first.strataBy().contains("population")) {
            for (BankFreq b : banks) {
                for (String s : b.strata().keySet()) {
                    if (!s.equals("all")
                            && !s.equals("XX")
                            && !s.equals("XY")
                            && !s.endsWith("_XX")
                            && !s.endsWith("_XY")) {
                        pops.add(s);
                    }
                }
            }
        }
        return new BankCompatibility(first.genomeBuild(), first.strataBy(), contigs, new ArrayList<>(pops));
    }

    private static String describe(List<String> strataBy) {
        return strataBy.isEmpty() ? "nothing (all samples only)" : String.join(",", strataBy);
    }
}
