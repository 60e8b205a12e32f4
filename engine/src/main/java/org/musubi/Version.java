package org.musubi;

/** Version of the Musubi engine and of the variant table format it writes. */
public final class Version {
    /** Engine version, from the jar manifest when packaged. */
    public static final String ENGINE;

    static {
        String v = Version.class.getPackage().getImplementationVersion();
        ENGINE = v == null ? "0.1.0-SNAPSHOT" : v;
    }

    private Version() {}
}
