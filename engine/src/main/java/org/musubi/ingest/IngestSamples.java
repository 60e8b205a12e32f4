package org.musubi.ingest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.musubi.format.TableMetadata;
import org.musubi.samples.SampleManifest;
import org.musubi.stats.SexEvidence;
import org.musubi.table.SamplesFile;
import org.musubi.table.write.TableAssembler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The table's {@code samples.parquet} at ingest: each input sample with the fields of the input's own sample file
 * (a PLINK {@code .fam}: sex, family, parents, phenotype), overridden by the {@code --samples} manifest where it has
 * them, and the sex inferred from chrX where neither gives one. Used by VCF and PLINK ingest.
 */
public final class IngestSamples {
    private static final Logger LOG = LoggerFactory.getLogger(IngestSamples.class);

    private IngestSamples() {}

    /**
     * {@code samples.parquet} for the input's samples {@code ids}: the fields of the input's own sample file
     * ({@code inputSamples}, a {@code .fam}; null for VCF), where the manifest has none, and the manifest's; sex
     * inferred where neither has it.
     */
    public static void write(
            IngestRequest req, String[] ids, SampleManifest inputSamples, TableAssembler table, Configuration conf)
            throws IOException {
        TableMetadata meta = table.metadata();
        SampleManifest manifest =
                req.samplesManifest() == null ? null : SampleManifest.read(req.samplesManifest(), conf);
        List<SamplesFile.Sample> samples = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        // the input's own columns (FID, PAT, MAT, PHENO1 of a .fam) unless the manifest has them too, then the
        // manifest's
        List<String> fromManifest = manifest == null ? List.of() : manifest.extraColumns;
        List<Integer> ownKept = new ArrayList<>();
        List<String> extra = new ArrayList<>();
        for (int c = 0; inputSamples != null && c < inputSamples.extraColumns.size(); c++) {
            if (!fromManifest.contains(inputSamples.extraColumns.get(c))) {
                ownKept.add(c);
                extra.add(inputSamples.extraColumns.get(c));
            }
        }
        extra.addAll(fromManifest);
        SexCheck check = new SexCheck();
        for (int i = 0; i < ids.length; i++) {
            String id = ids[i];
            SampleManifest.Entry e = manifest == null ? null : manifest.lookup(id);
            if (manifest != null && e == null) {
                missing.add(id);
            }
            SampleManifest.Entry own = inputSamples == null ? null : inputSamples.lookup(id);
            String sex = e != null && e.sex() != null ? e.sex() : own == null ? null : own.sex();
            String source = sex != null ? "manifest" : "unknown";
            SexEvidence.Inference inferred = table.inferredSex(i);
            if (sex == null && inferred != null && inferred.sex() != null) {
                sex = inferred.sex();
                source = "inferred";
                meta.sexInferredCount++;
            } else if (sex != null && inferred != null) {
                check.add(id, sex, inferred);
            }
            samples.add(new SamplesFile.Sample(
                    i,
                    id,
                    sex,
                    source,
                    inferred == null ? null : inferred.sex(),
                    inferred == null ? Double.NaN : inferred.f(),
                    e == null ? null : e.population(),
                    e == null || e.bank() == null ? req.bank() : e.bank(),
                    extras(own, ownKept, e, fromManifest.size()),
                    inferred == null ? null : inferred.evidence()));
        }
        if (!missing.isEmpty()) {
            LOG.warn(
                    "ingest: {} of {} samples are not in the manifest {} (first: {}); their sex, population and bank"
                            + " are recorded as unknown",
                    missing.size(),
                    ids.length,
                    req.samplesManifest(),
                    String.join(", ", missing.subList(0, Math.min(5, missing.size()))));
            meta.samplesMissingFromManifest = missing.size();
        }
        if (manifest != null) {
            long unused = manifest.entries.size() - (ids.length - missing.size());
            if (unused > 0) {
                LOG.info("ingest: {} manifest entries name samples that are not in the input", unused);
            }
        }
        meta.sexSource = (manifest == null ? inputSamples == null ? "none" : "fam" : "manifest")
                + (manifest != null && inputSamples != null ? "+fam" : "")
                + (meta.sexInferredCount > 0 ? "+inferred from chrX" : "");
        if (manifest != null || inputSamples != null) {
            check.report(meta, manifest != null ? req.samplesManifest() : "the .fam");
        }
        table.writeSamples(conf, samples, extra);
    }

    /** The manifest's sex against the sex the chrX calls give, for the samples that have both. */
    private static final class SexCheck {
        private long compared;
        private long xxCalledXy;
        private long xyCalledXx;
        private final List<String> first = new ArrayList<>();

        void add(String id, String manifestSex, SexEvidence.Inference inferred) {
            if (inferred.sex() == null) {
                return;
            }
            compared++;
            if (!inferred.sex().equals(manifestSex)) {
                if (manifestSex.equals("XX")) {
                    xxCalledXy++;
                } else {
                    xyCalledXx++;
                }
                if (first.size() < 5) {
                    first.add(id + " (given " + manifestSex + ", " + inferred.evidence() + " " + inferred.sex() + ")");
                }
            }
        }

        /** Records the count in the metadata and warns when a sample disagrees. */
        void report(TableMetadata meta, String manifestPath) {
            meta.sexManifestDisagreements = xxCalledXy + xyCalledXx;
            if (meta.sexManifestDisagreements > 0) {
                LOG.warn(
                        "ingest: the given sex (manifest or .fam) disagrees with the chrX calls for {} of {}"
                                + " samples that have both ({} XX given but XY by the calls, {} XY but XX; first:"
                                + " {}); the given sex is kept: check {} (samples.parquet keeps sex_inferred and"
                                + " sex_evidence beside it)",
                        meta.sexManifestDisagreements,
                        compared,
                        xxCalledXy,
                        xyCalledXx,
                        String.join(", ", first),
                        manifestPath);
            }
        }
    }

    /** The extra columns' values of a sample: the input's sample file's kept columns, then the manifest's. */
    private static String[] extras(SampleManifest.Entry own, List<Integer> ownKept, SampleManifest.Entry e, int b) {
        String[] out = new String[ownKept.size() + b];
        for (int k = 0; own != null && k < ownKept.size(); k++) {
            out[k] = own.extras()[ownKept.get(k)];
        }
        if (e != null) {
            System.arraycopy(e.extras(), 0, out, ownKept.size(), b);
        }
        return out;
    }
}
