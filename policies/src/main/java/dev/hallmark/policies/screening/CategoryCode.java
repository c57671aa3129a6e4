package dev.hallmark.policies.screening;

import java.util.regex.Pattern;

/**
 * Risk-category codes: the GB/T 45654-2025 Annex A item ({@code A.1.f}) optionally refined by a sub-category
 * ({@code A.1.f/weapons}). Pack rules select categories by prefix: {@code A.1} selects every {@code A.1.x} and
 * {@code A.1.x/y}; {@code A.1.f} selects {@code A.1.f} and {@code A.1.f/weapons}; {@code A.1.f/weapons} only itself.
 */
public final class CategoryCode {
    /** Letter, up to three dotted parts, optional {@code /sub-category}. */
    public static final Pattern PATTERN = Pattern.compile("[A-Z](\\.[0-9a-z]{1,4}){0,3}(/[a-z0-9][a-z0-9-]{0,31})?");

    private CategoryCode() {
    }

    public static boolean isValid(String code) {
        return code != null && PATTERN.matcher(code).matches();
    }

    /** Whether the selector {@code prefix} covers {@code code}. */
    public static boolean covers(String prefix, String code) {
        if (code.equals(prefix)) {
            return true;
        }
        if (!code.startsWith(prefix)) {
            return false;
        }
        char next = code.charAt(prefix.length());
        return prefix.indexOf('/') < 0 && (next == '.' || next == '/');
    }

    /** The GB/T 45654 item of a code: {@code A.1.f/weapons} -> {@code A.1.f}. */
    public static String item(String code) {
        int slash = code.indexOf('/');
        return slash < 0 ? code : code.substring(0, slash);
    }
}
