package org.musubi.request;

import java.util.List;

/**
 * The fields every job request has, for the builders of the {@code *Request} records ({@code GwasRequest},
 * {@code WgrRequest}, {@code PrsRequest}, {@code QcRequest}, {@code MetaRequest}, {@code IngestRequest}): where the
 * output goes, whether an existing one is replaced, and the command line recorded in the run summary. A record's
 * {@code Builder} extends this (or {@link TableRequestBuilder} / {@link PhenotypeRequestBuilder}) with itself as
 * {@code B}, so the setters chain in any order; its {@code build()} reads the protected fields.
 *
 * @param <B> the concrete builder
 */
public abstract class RequestBuilder<B extends RequestBuilder<B>> {
    /** Output directory (or table, for ingest); required by every request. */
    protected String out;
    /** Replace an existing output; default false (an existing output is refused). */
    protected boolean overwrite;
    /** The command line, for the run summary; default empty. */
    protected List<String> arguments = List.of();

    protected RequestBuilder() {}

    /** This builder as its concrete type, for the setters' return values. */
    @SuppressWarnings("unchecked")
    protected final B self() {
        return (B) this;
    }

    public B out(String v) {
        out = v;
        return self();
    }

    public B overwrite(boolean v) {
        overwrite = v;
        return self();
    }

    public B arguments(List<String> v) {
        arguments = v;
        return self();
    }
}
