#!/bin/sh
# The plink2 --glm oracles of this folder (plink2 2.00a3.5, Debian), run from this folder after make_fixture.py:
# default columns, covariate rows hidden, Firth fallback; five settings of the sex-chromosome options (a --glm
# modifier, no-x-sex or sex, goes right after firth-fallback).
set -e
run() {
    tag=$1
    shift
    plink2 --vcf cohort.vcf --psam cohort.psam --pheno pheno.tsv --covar covar.tsv --glm hide-covar firth-fallback "$@" \
        --out "plink2_$tag" >/dev/null
    rm -f "plink2_$tag.log"
}
run m2                      # plink2's default, the same as --xchr-model 2: sex a covariate on chrX, XY coded 0/2
run m1 --xchr-model 1       # XY samples coded 0/1 on chrX
run m0 --xchr-model 0       # chrX skipped
run nox_m2 no-x-sex         # no sex covariate
run sex_m1 sex --xchr-model 1   # sex a covariate everywhere but chrY
