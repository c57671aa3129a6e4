package dev.hallmark.provenance.aigc;

/**
 * A 27-character service provider code used in {@code ContentProducer}/{@code ContentPropagator}:
 * {@code 00} + {@code 1} + {@code 1} + 18-character unified social credit code (GB 32100, with check character)
 * + {@code 1} (generation) or {@code 2} (dissemination) + 4-character model/app code.
 *
 * <p>Hallmark never invents a real code: the operator configures it. A fresh installation uses {@link #DEMO},
 * which is obviously fake (its credit code is "DEMO...") and is reported as such wherever it is used.
 */
public record ProviderCode(String value) {
    /** The placeholder used until an operator configures a real code. Not a registration of anyone. */
    public static final ProviderCode DEMO = new ProviderCode("0011DEMO00000000000000" + "10000");

    private static final String USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static final int[] USCC_WEIGHTS = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

    public ProviderCode {
        String problem = problem(value);
        if (problem != null) {
            throw new IllegalArgumentException("invalid provider code '" + value + "': " + problem);
        }
    }

    public static ProviderCode parse(String value) {
        return new ProviderCode(value.trim());
    }

    public boolean isDemo() {
        return value.substring(4, 22).startsWith("DEMO");
    }

    /** '1' for a generation service, '2' for a dissemination platform. */
    public char role() {
        return value.charAt(22);
    }

    /** Null when valid, else what is wrong. */
    public static String problem(String v) {
        if (v == null || v.length() != 27) {
            return "must be 27 characters, got " + (v == null ? 0 : v.length());
        }
        if (!v.startsWith("0011")) {
            return "must start with 0011";
        }
        String uscc = v.substring(4, 22);
        if (!uscc.startsWith("DEMO")) {
            String p = usccProblem(uscc);
            if (p != null) {
                return p;
            }
        } else if (!uscc.equals("DEMO00000000000000")) {
            return "codes starting with DEMO are reserved for the demo placeholder";
        }
        char role = v.charAt(22);
        if (role != '1' && role != '2') {
            return "character 23 must be 1 (generation) or 2 (dissemination)";
        }
        for (char c : v.substring(23).toCharArray()) {
            if (!(c >= '0' && c <= '9') && !(c >= 'A' && c <= 'Z')) {
                return "the model/app code (last 4 characters) must be digits or capital letters";
            }
        }
        return null;
    }

    /** GB 32100-2015 unified social credit code: 18 characters from a 31-symbol alphabet, last one a check. */
    static String usccProblem(String uscc) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            int idx = USCC_CHARS.indexOf(uscc.charAt(i));
            if (idx < 0) {
                return "credit code character '" + uscc.charAt(i) + "' is not allowed";
            }
            sum += idx * USCC_WEIGHTS[i];
        }
        int check = (31 - sum % 31) % 31;
        if (USCC_CHARS.charAt(check) != uscc.charAt(17)) {
            return "credit code check character is wrong (expected " + USCC_CHARS.charAt(check) + ")";
        }
        return null;
    }

    @Override
    public String toString() {
        return value;
    }
}
