/**
 * Small dense linear algebra on column-major {@code double[]}: the covariate QR factored once per
 * phenotype set, and the k×k Cholesky factorisations the per-variant kernels need. No Spark here.
 *
 * <p>Layout: an {@code rows × cols} matrix {@code a} is column-major, element {@code (i, j)} at
 * {@code a[i + j * rows]}. Symmetric k×k matrices use the same layout (both triangles stored unless
 * a method says otherwise). All methods write into caller-provided arrays so that hot loops do not
 * allocate.
 */
package org.musubi.stats.linalg;
