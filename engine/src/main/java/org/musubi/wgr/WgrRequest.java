package org.musubi.wgr;

import java.util.List;
import java.util.Objects;
import org.musubi.request.PhenotypeRequestBuilder;

/**
 * A {@code wgr} run (REGENIE step 1), validated by the job; made with {@link #builder()}.
 *
 * @param phenoFile PLINK-style phenotype file ({@code FID IID …} or {@code IID …})
 * @param phenoNames phenotype columns (empty: every column)
 * @param covarFile covariate file, or null
 * @param covarNames covariate columns (empty: every column)
 * @param keep a sample list to keep, or null
 * @param blockSize variants per level-0 block (REGENIE {@code --bsize})
 * @param folds K of the K-fold CV (REGENIE {@code --cv})
 * @param binary {@code auto} (0/1 or 1/2 phenotypes are binary), {@code linear} or {@code logistic}
 * @param cv {@code auto}: binary traits below 5000 samples use leave-one-out, as REGENIE; {@code kfold}: always K
 * @param prefix output file prefix ({@code <prefix>_pred.list}, {@code <prefix>_<k>.loco})
 * @param gzip write {@code .loco.gz}
 * @param partitions tasks of the level-0 pass (0: automatic)
 */
public record WgrRequest(
        String table,
        String phenoFile,
        List<String> phenoNames,
        String covarFile,
        List<String> covarNames,
        String keep,
        String missingCode,
        int blockSize,
        int folds,
        String binary,
        String cv,
        String prefix,
        boolean gzip,
        int partitions,
        String out,
        boolean overwrite,
        List<String> arguments) {

    public WgrRequest {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(phenoFile, "phenoFile");
        Objects.requireNonNull(out, "out");
        phenoNames = List.copyOf(phenoNames);
        covarNames = List.copyOf(covarNames);
        arguments = List.copyOf(arguments);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds a {@link WgrRequest}. Table, phenotype file and output are required; the defaults: every phenotype
     * column, no covariates, blocks of 1000 variants, 5 folds, {@code --binary auto}, {@code --cv auto}, prefix
     * {@code wgr}, plain {@code .loco}, automatic tasks, missing code -9.
     */
    public static final class Builder extends PhenotypeRequestBuilder<Builder> {
        private int blockSize = 1000;
        private int folds = 5;
        private String binary = "auto";
        private String cv = "auto";
        private String prefix = "wgr";
        private boolean gzip;

        private Builder() {}

        public Builder blockSize(int v) {
            blockSize = v;
            return this;
        }

        public Builder folds(int v) {
            folds = v;
            return this;
        }

        public Builder binary(String v) {
            binary = v;
            return this;
        }

        public Builder cv(String v) {
            cv = v;
            return this;
        }

        public Builder prefix(String v) {
            prefix = v;
            return this;
        }

        public Builder gzip(boolean v) {
            gzip = v;
            return this;
        }

        public WgrRequest build() {
            return new WgrRequest(
                    table,
                    phenoFile,
                    phenoNames,
                    covarFile,
                    covarNames,
                    keep,
                    missingCode,
                    blockSize,
                    folds,
                    binary,
                    cv,
                    prefix,
                    gzip,
                    partitions,
                    out,
                    overwrite,
                    arguments);
        }
    }
}
