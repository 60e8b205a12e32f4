package org.musubi.request;

/**
 * A {@link RequestBuilder} for the jobs that read a variant table ({@code --table DIR}): gwas, wgr, prs, qc.
 *
 * @param <B> the concrete builder
 */
public abstract class TableRequestBuilder<B extends TableRequestBuilder<B>> extends RequestBuilder<B> {
    /** The variant table's directory; required. */
    protected String table;

    protected TableRequestBuilder() {}

    public B table(String v) {
        table = v;
        return self();
    }
}
