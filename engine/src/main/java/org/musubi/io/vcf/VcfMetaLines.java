package org.musubi.io.vcf;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.musubi.error.MusubiUserException;

/**
 * Checks the {@code ##} meta lines of a VCF header (VCF 4.3 section 1.4, applied to every 4.x version) and throws a
 * {@link MusubiUserException} naming the file, the line, the problem and the fix.
 *
 * <ul>
 *   <li>every line is {@code ##key=value} with a non-empty value;
 *   <li>a structured value {@code <k=v,...>} is closed, its fields are {@code key=value}, quoted values are closed and
 *       escape their quotes, unquoted ones hold no whitespace, '<' or '>', {@code Description} is quoted;
 *   <li>INFO, FORMAT, FILTER, ALT, contig, SAMPLE, META (and PEDIGREE from 4.3) lines start with {@code ID=};
 *       INFO/FORMAT lines start with ID, Number, Type in this order, have a valid Number and Type (no Flag in
 *       FORMAT), a FORMAT ID usable in the FORMAT column, and agree with the keys the specification reserves
 *       ({@link VcfRecordChecks#headerConflict});
 *   <li>contig IDs follow the specification's grammar; ALT IDs with a ':' start with DEL, INS, DUP, INV, CNV or
 *       BND; SAMPLE IDs and PEDIGREE values are identifiers ({@code [A-Za-z0-9._-]+}); META Values are bracketed;
 *       assembly and pedigreeDB URLs name a host.
 * </ul>
 *
 * Deliberately accepted (real files do this): any ALT ID without ':' ({@code NON_REF}, {@code *}), SAMPLE lines
 * without {@code Genomes} (TCGA), free-text lines ({@code ##source=...}, {@code ##VEP="v104" ...}) and Number=. or
 * the biallelic count for reserved A/R/G keys.
 */
final class VcfMetaLines {
    private VcfMetaLines() {}

    /** A field of a structured meta line. */
    record Field(String key, String value, boolean quoted) {}

    private static final Pattern FILEFORMAT = Pattern.compile("##fileformat=VCFv([0-9]+)\\.([0-9]+)");
    private static final Pattern NUMBER = Pattern.compile("[0-9]+|A|R|G|\\.");
    private static final Pattern NUMBER_44 = Pattern.compile("[0-9]+|A|R|G|\\.|LA|LR|LG|P|M");
    private static final Pattern FORMAT_ID = Pattern.compile("[A-Za-z_][0-9A-Za-z_.]*");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9._-]+");
    private static final Pattern META_KEY = Pattern.compile("[A-Za-z0-9_.:+-]+");
    private static final Set<String> TYPES = Set.of("Integer", "Float", "Flag", "Character", "String");
    private static final Set<String> SV_TYPES = Set.of("DEL", "INS", "DUP", "INV", "CNV", "BND");
    private static final Set<String> NEEDS_ID = Set.of("INFO", "FORMAT", "FILTER", "ALT", "contig", "SAMPLE", "META");

    /** The fileformat version {major, minor} from line 1, or an error. */
    static int[] version(String path, String firstLine) {
        var m = FILEFORMAT.matcher(firstLine);
        if (!m.matches()) {
            String hint = firstLine.startsWith("##fileformat=")
                    ? " (the version must read VCFv4.x, without spaces)"
                    : firstLine.startsWith("##format=VC")
                            ? " (this looks like a VCF 3.x file: convert it to VCF 4, e.g. with vcftools/bcftools)"
                            : "";
            throw new MusubiUserException(path + ": line 1 is '" + clip(firstLine) + "', not '##fileformat=VCFv4.x'"
                    + hint + "; the first line of a VCF must declare its version");
        }
        int[] v = {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
        if (v[0] != 4 || v[1] > 5) {
            throw new MusubiUserException(path + ": line 1 declares " + firstLine.substring(13) + "; this engine reads"
                    + " VCF 4.0 to 4.5 ("
                    + (v[0] < 4
                            ? "convert the file to VCF 4 with bcftools"
                            : "newer versions are not supported yet: write the file as VCFv4.5")
                    + ")");
        }
        return v;
    }

    /** Checks meta line {@code line} (1-based {@code lineNo}) of a file of VCF version {@code v}. */
    static void check(String path, int lineNo, String line, int[] v) {
        String where = path + ": header line " + lineNo;
        int eq = line.indexOf('=');
        if (!line.startsWith("##") || eq < 0) {
            throw new MusubiUserException(where + " ('" + clip(line) + "') is not a '##key=value' meta line;"
                    + " delete it or turn it into one (e.g. ##comment=...)");
        }
        String key = line.substring(2, eq);
        String value = line.substring(eq + 1);
        if (!META_KEY.matcher(key).matches()) {
            throw new MusubiUserException(where + " ('" + clip(line) + "'): the meta key '" + key
                    + "' holds characters other than letters, digits, '_', '.', '-', ':' or '+'; fix the key");
        }
        if (value.isEmpty()) {
            throw new MusubiUserException(
                    where + " ('" + clip(line) + "') has no value after '='; fill it in or delete the line");
        }
        boolean v43 = v[0] > 4 || (v[0] == 4 && v[1] >= 3);
        boolean structuredKey = NEEDS_ID.contains(key) || key.equals("PEDIGREE");
        if (key.equals("assembly") || key.equals("pedigreeDB")) {
            String url = value.startsWith("<") && value.endsWith(">") ? value.substring(1, value.length() - 1) : value;
            if (url.isEmpty()) {
                throw new MusubiUserException(
                        where + ": ##" + key + " holds nothing; write ##" + key + "=<URL> or delete the line");
            }
            checkUrl(where, key, url);
            return;
        }
        if (!value.startsWith("<")) {
            if (structuredKey) {
                throw new MusubiUserException(
                        where + ": ##" + key + " lines are structured, ##" + key + "=<ID=...,...>; fix the line");
            }
            return; // free text, e.g. ##source=..., ##reference=...
        }
        if (value.startsWith("<\"") && value.endsWith("\">") && !structuredKey) {
            checkQuoted(where, value.substring(1, value.length() - 1)); // ##title=<"free text">
            return;
        }
        List<Field> fields = fields(where, value);
        if (fields.isEmpty()) {
            throw new MusubiUserException(where + ": ##" + key + "=<> has no fields; fill them in or delete the line");
        }
        boolean needsId = NEEDS_ID.contains(key) || (key.equals("PEDIGREE") && v43);
        if (needsId && !fields.get(0).key().equals("ID")) {
            throw new MusubiUserException(where + ": ##" + key + " lines must start with ID=... (found '"
                    + fields.get(0).key() + "' first); put the ID first");
        }
        switch (key) {
            case "INFO", "FORMAT" -> checkInfoFormat(where, key, fields, v);
            case "ALT" -> checkAlt(where, fields);
            case "contig" -> checkContig(where, fields);
            case "SAMPLE" -> checkIdentifier(where, key, fields.get(0));
            case "PEDIGREE" -> {
                for (Field f : fields) {
                    if (!f.quoted()) {
                        checkIdentifier(where, key, f);
                    }
                }
            }
            case "META" -> {
                if (v43) {
                    checkNumberType(where, key, fields, v);
                    for (Field f : fields) {
                        if (f.key().equals("Values")
                                && !(f.value().startsWith("[") && f.value().endsWith("]"))) {
                            throw new MusubiUserException(where + ": ##META Values must be a bracketed list,"
                                    + " Values=[a, b, c]; fix the line");
                        }
                    }
                }
            }
            default -> {
                // other structured lines (##GATKCommandLine=<...>, ##MYKEY=<...>): the generic syntax only
            }
        }
    }

    private static void checkInfoFormat(String where, String key, List<Field> fields, int[] v) {
        // ID, Number, Type in this order; Description is required by the specification but the specification's own
        // example (##INFO=<ID=HOMSEQ,Number=.,Type=String>) and htsjdk/htslib go without it.
        String[] order = {"ID", "Number", "Type"};
        for (int i = 0; i < order.length; i++) {
            if (fields.size() <= i || !fields.get(i).key().equals(order[i])) {
                throw new MusubiUserException(where + ": ##" + key + " lines start with ID, Number, Type (then"
                        + " Description) in this order (field " + (i + 1) + " is "
                        + (fields.size() <= i ? "missing" : "'" + fields.get(i).key() + "'") + "); fix the line");
            }
        }
        String id = fields.get(0).value();
        if (key.equals("FORMAT") && !FORMAT_ID.matcher(id).matches()) {
            throw new MusubiUserException(where + ": FORMAT ID '" + id + "' does not match [A-Za-z_][0-9A-Za-z_.]*,"
                    + " so no FORMAT column could use it; rename the field");
        }
        checkNumberType(where, key, fields, v);
        String number = fields.get(1).value();
        String type = fields.get(2).value();
        if (key.equals("FORMAT") && type.equals("Flag")) {
            throw new MusubiUserException(where + ": FORMAT field " + id + " has Type=Flag, which only INFO fields"
                    + " may have; declare it Type=Integer (0/1) or String");
        }
        String conflict = VcfRecordChecks.headerConflict(key.equals("INFO"), id, number, type);
        if (conflict != null) {
            VcfRecordChecks.Def r = VcfRecordChecks.reserved(key.equals("INFO"), id);
            throw new MusubiUserException(where + ": ##" + key + "=<ID=" + id + ",Number=" + number + ",Type=" + type
                    + ",...>: " + conflict + "; fix the definition (Number="
                    + VcfRecordChecks.numberName(r.kind(), r.count())
                    + ",Type=" + VcfRecordChecks.typeName(r.type()) + ") with bcftools reheader, or rename the field");
        }
    }

    /** Number and Type, where a line has them, must be valid, Number before Type (META excepted). */
    private static void checkNumberType(String where, String key, List<Field> fields, int[] v) {
        int number = -1;
        int type = -1;
        boolean v44 = v[0] > 4 || (v[0] == 4 && v[1] >= 4);
        for (int i = 0; i < fields.size(); i++) {
            Field f = fields.get(i);
            if (f.key().equals("Number")) {
                number = i;
                if (!(v44 ? NUMBER_44 : NUMBER).matcher(f.value()).matches()) {
                    throw new MusubiUserException(where + ": Number=" + f.value() + " is not a count, A, R, G or '.';"
                            + " fix the ##" + key + " line");
                }
            } else if (f.key().equals("Type")) {
                type = i;
                if (!TYPES.contains(f.value())) {
                    throw new MusubiUserException(where + ": Type=" + f.value() + " is not Integer, Float, Flag,"
                            + " Character or String; fix the ##" + key + " line");
                }
            }
        }
        if (number >= 0 && type >= 0 && type < number && !key.equals("META")) {
            throw new MusubiUserException(where + ": ##" + key + " has Type before Number; write ID, Number, Type,"
                    + " Description in this order");
        }
    }

    private static void checkAlt(String where, List<Field> fields) {
        String id = fields.get(0).value();
        int colon = id.indexOf(':');
        if (colon >= 0 && !SV_TYPES.contains(id.substring(0, colon))) {
            throw new MusubiUserException(where + ": ALT ID '" + id + "' has subtypes (':') but its type '"
                    + id.substring(0, colon) + "' is not DEL, INS, DUP, INV, CNV or BND; fix the ID");
        }
        for (Field f : fields.subList(1, fields.size())) {
            if (!f.quoted()) {
                throw new MusubiUserException(where + ": ##ALT lines hold ID and a quoted Description (other fields"
                        + " quoted too); " + f.key() + "=" + f.value() + " is not; drop or quote the field");
            }
        }
    }

    private static void checkContig(String where, List<Field> fields) {
        String id = fields.get(0).value();
        boolean ok = !id.isEmpty();
        for (int i = 0; ok && i < id.length(); i++) {
            char c = id.charAt(i);
            ok = c < 127 && VcfFixedColumns.isContigChar((byte) c, i == 0);
        }
        if (!ok) {
            throw new MusubiUserException(where + ": contig ID '" + id + "' is not a valid contig name (no"
                    + " whitespace, quotes, ',', '(', ')', '<', '>', '[', ']', '{', '}', '\\' or '`', and no leading"
                    + " '*' or '='); rename it");
        }
    }

    private static void checkIdentifier(String where, String key, Field f) {
        if (!IDENTIFIER.matcher(f.value()).matches()) {
            throw new MusubiUserException(where + ": ##" + key + " " + f.key() + "='" + f.value() + "' may only hold"
                    + " letters, digits, '.', '_' and '-'; fix the value");
        }
    }

    private static final Pattern URL =
            Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://([^/?#@]*@)?([^/?#:]*)(:[0-9]*)?([/?#].*)?");
    private static final Pattern HOST =
            Pattern.compile("([0-9]{1,3}(\\.[0-9]{1,3}){3})|(\\[[0-9A-Fa-f:.]+\\])|([A-Za-z0-9-]*[A-Za-z][A-Za-z0-9-]*"
                    + "(\\.[A-Za-z0-9-]+)*)|([A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.[A-Za-z][A-Za-z0-9-]*)");

    /** A value with "://" must be a URL with a host name or IP address (file:/// may have none). */
    private static void checkUrl(String where, String key, String value) {
        if (!value.contains("://")) {
            return; // ##assembly=GRCh38 and the like
        }
        var m = URL.matcher(value);
        boolean ok = m.matches();
        if (ok) {
            String host = m.group(2);
            ok = host.isEmpty() ? value.startsWith("file:") : HOST.matcher(host).matches();
        }
        if (!ok) {
            throw new MusubiUserException(where + ": ##" + key + "=" + clip(value) + " is not a valid URL (no host"
                    + " name or IP address); fix or delete the line");
        }
    }

    /** Splits {@code <k=v,k="v",...>} into fields; errors name the problem. */
    static List<Field> fields(String where, String value) {
        List<Field> out = new ArrayList<>();
        int end = value.length() - 1;
        if (value.charAt(end) != '>') {
            throw new MusubiUserException(where + ": the structured value does not end with '>' (is the line cut,"
                    + " or a quote not closed?); close it");
        }
        int p = 1;
        if (p == end) {
            return out;
        }
        while (true) {
            int k = p;
            while (p < end && value.charAt(p) != '=' && value.charAt(p) != ',') {
                p++;
            }
            String key = value.substring(k, p);
            if (p >= end || value.charAt(p) != '=' || key.isEmpty()) {
                throw new MusubiUserException(where + ": '" + clip(key) + "' is not a key=value field (a ',' inside an"
                        + " unquoted value? quote the value); fix the line");
            }
            if (!META_KEY.matcher(key).matches()) {
                throw new MusubiUserException(where + ": field name '" + clip(key) + "' holds characters other than"
                        + " letters, digits, '_', '.', '-'; fix the line");
            }
            p++; // '='
            if (key.equals("Description") && (p >= end || value.charAt(p) != '"')) {
                throw new MusubiUserException(
                        where + ": the Description must be in double quotes (Description=\"...\"); quote it");
            }
            String v;
            boolean quoted = false;
            if (p < end && value.charAt(p) == '"') {
                quoted = true;
                int q = p + 1;
                StringBuilder sb = new StringBuilder();
                while (q < end && value.charAt(q) != '"') {
                    if (value.charAt(q) == '\\' && q + 1 < end) {
                        q++;
                    }
                    sb.append(value.charAt(q));
                    q++;
                }
                if (q >= end) {
                    throw new MusubiUserException(where + ": the quoted value of " + key + " is not closed; add the"
                            + " closing '\"' (escape quotes inside as \\\")");
                }
                v = sb.toString();
                p = q + 1;
            } else if (p < end && value.charAt(p) == '[') {
                int q = value.indexOf(']', p);
                if (q < 0 || q > end) {
                    throw new MusubiUserException(
                            where + ": the bracketed value of " + key + " is not closed; add ']'");
                }
                v = value.substring(p, q + 1);
                p = q + 1;
            } else {
                int q = p;
                while (q < end && value.charAt(q) != ',') {
                    char c = value.charAt(q);
                    if (Character.isWhitespace(c) || c == '<' || c == '>') {
                        throw new MusubiUserException(where + ": the value of " + key + " holds '"
                                + (c == '<' || c == '>' ? String.valueOf(c) : "whitespace")
                                + "'; put the value in double quotes or remove the character");
                    }
                    q++;
                }
                v = value.substring(p, q);
                if (v.isEmpty()) {
                    throw new MusubiUserException(where + ": " + key + " has an empty value; fill it in");
                }
                p = q;
            }
            out.add(new Field(key, v, quoted));
            if (p == end) {
                return out;
            }
            if (value.charAt(p) != ',') {
                throw new MusubiUserException(where + ": unexpected '" + value.charAt(p) + "' after the value of " + key
                        + (quoted ? " (a quote inside a quoted value must be escaped as \\\")" : "")
                        + "; fix the line");
            }
            p++;
        }
    }

    private static void checkQuoted(String where, String q) {
        for (int i = 1; i < q.length() - 1; i++) {
            if (q.charAt(i) == '\\') {
                i++;
            } else if (q.charAt(i) == '"') {
                throw new MusubiUserException(where + ": unescaped '\"' inside a quoted value; escape it as \\\"");
            }
        }
    }

    static String clip(String s) {
        return s.length() > 100 ? s.substring(0, 100) + "…" : s;
    }
}
