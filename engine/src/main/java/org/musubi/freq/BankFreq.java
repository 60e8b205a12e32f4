package org.musubi.freq;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.musubi.error.MusubiUserException;
import org.musubi.format.TableMetadata;

/**
 * One bank's {@code freq} output as {@code freq-merge} sees it: only the aggregate files ({@code summary.json} and
 * {@code frequencies.parquet}), never the bank's table.
 *
 * @param dir the output directory
 * @param name the bank's name (from {@code --names}, else the bank recorded in the output)
 * @param genomeBuild as recorded, or null
 * @param releaseK the bank's release gate k, 0 for an internal output
 * @param release the bank's release line
 * @param strataBy population and/or sex
 * @param strata stratum name → samples (null where the bank suppressed the count)
 * @param contigs contig name → length (null when unknown), in the bank's order
 * @param variants variants in the output
 */
public record BankFreq(
        String dir,
        String name,
        String genomeBuild,
        int releaseK,
        String release,
        List<String> strataBy,
        Map<String, Long> strata,
        Map<String, Long> contigs,
        long variants) {

    public static final String SUMMARY = "summary.json";

    /** Reads and checks one bank's output; {@code name} overrides the recorded bank when not null. */
    public static BankFreq read(String dir, String name, Configuration conf) throws IOException {
        Path d = new Path(dir);
        FileSystem fs = d.getFileSystem(conf);
        if (!fs.exists(d)) {
            throw new MusubiUserException("--inputs " + dir + ": no such directory; give the output directory of"
                    + " 'musubi freq' for each bank");
        }
        if (!fs.exists(new Path(d, TableMetadata.SUCCESS))) {
            throw new MusubiUserException("--inputs " + dir + ": not a complete freq output (no "
                    + TableMetadata.SUCCESS + "); re-run 'musubi freq' for this bank");
        }
        if (fs.exists(new Path(d, SUMMARY))) {
            org.musubi.integrity.OutputDigests.verify(fs, d, SUMMARY); // the summary itself, against _SUCCESS
        }
        JsonNode s;
        try (InputStream in = fs.open(new Path(d, SUMMARY))) {
            s = new ObjectMapper().readTree(in);
        } catch (FileNotFoundException e) {
            throw new MusubiUserException("--inputs " + dir + ": no " + SUMMARY + "; is this a 'musubi freq' output?");
        }
        if (!fs.exists(new Path(d, FreqPlan.PARQUET))) {
            throw new MusubiUserException(
                    "--inputs " + dir + ": no " + FreqPlan.PARQUET + "; is this a 'musubi freq' output?");
        }
        org.musubi.integrity.OutputDigests.verify(fs, d, FreqPlan.PARQUET);
        for (String key : List.of("strata_by", "contigs", "strata")) {
            if (!s.has(key)) {
                throw new MusubiUserException("--inputs " + dir + ": " + SUMMARY + " has no '" + key
                        + "' (written by an older Musubi); re-run 'musubi freq' for this bank with this version");
            }
        }
        String bank = name != null ? name : text(s, "bank");
        if (bank == null || bank.isBlank() || bank.equals("unknown")) {
            throw new MusubiUserException("--inputs " + dir + ": the output records no bank name; give one per input"
                    + " with --names A,B,...");
        }
        List<String> strataBy = new ArrayList<>();
        s.get("strata_by").forEach(n -> strataBy.add(n.asText()));
        Map<String, Long> strata = new LinkedHashMap<>();
        s.get("strata")
                .fields()
                .forEachRemaining(e -> strata.put(
                        e.getKey(), e.getValue().isNull() ? null : e.getValue().asLong()));
        Map<String, Long> contigs = new LinkedHashMap<>();
        for (JsonNode c : s.get("contigs")) {
            JsonNode len = c.get("length");
            contigs.put(c.get("name").asText(), len == null || len.isNull() ? null : len.asLong());
        }
        JsonNode k = s.get("release_k");
        return new BankFreq(
                dir,
                bank,
                text(s, "genome_build"),
                k == null || k.isNull() ? 0 : k.asInt(),
                text(s, "release"),
                strataBy,
                strata,
                contigs,
                s.path("variants").asLong());
    }

    private static String text(JsonNode s, String key) {
        JsonNode n = s.get(key);
        return n == null || n.isNull() ? null : n.asText();
    }

    /** The bank name as used in column and INFO keys: characters other than [A-Za-z0-9_] become '_'. */
    public String key() {
        return key(name);
    }

    static String key(String bankName) {
        return bankName.replaceAll("[^A-Za-z0-9_]", "_");
    }
}
