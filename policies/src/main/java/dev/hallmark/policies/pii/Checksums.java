package dev.hallmark.policies.pii;

import java.time.DateTimeException;
import java.time.LocalDate;

/** Check-character algorithms for the identifiers the PII scanner recognises. */
public final class Checksums {
    /** ISO 7064 MOD 11-2 weights 2^(17-i) mod 11 for the 17 leading digits (GB 11643-1999). */
    private static final int[] ID_WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final char[] ID_CHECK = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};

    private Checksums() {
    }

    /** The ISO 7064 MOD 11-2 check character of 17 digits ('0'-'9' or 'X'). */
    public static char mod11_2(CharSequence digits17) {
        if (digits17.length() != 17) {
            throw new IllegalArgumentException("need 17 digits");
        }
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            int d = digits17.charAt(i) - '0';
            if (d < 0 || d > 9) {
                throw new IllegalArgumentException("not a digit at " + i);
            }
            sum += d * ID_WEIGHTS[i];
        }
        return ID_CHECK[sum % 11];
    }

    /**
     * Whether {@code id} (ASCII digits, last may be 'X'/'x') is a well-formed PRC resident identity number: 18
     * characters, a region code starting 1-9, a real birth date from 1900 to {@code today}, and a valid check
     * character.
     */
    public static boolean residentId(CharSequence id, LocalDate today) {
        if (id.length() != 18) {
            return false;
        }
        for (int i = 0; i < 17; i++) {
            char c = id.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        if (id.charAt(0) == '0') {
            return false;
        }
        char check = Character.toUpperCase(id.charAt(17));
        if (check != 'X' && (check < '0' || check > '9')) {
            return false;
        }
        int year = Integer.parseInt(id.subSequence(6, 10).toString());
        int month = Integer.parseInt(id.subSequence(10, 12).toString());
        int day = Integer.parseInt(id.subSequence(12, 14).toString());
        try {
            LocalDate birth = LocalDate.of(year, month, day);
            if (year < 1900 || birth.isAfter(today)) {
                return false;
            }
        } catch (DateTimeException e) {
            return false;
        }
        return mod11_2(id.subSequence(0, 17)) == check;
    }

    /** The Luhn (ISO/IEC 7812-1 Annex B) check over ASCII digits. */
    public static boolean luhn(CharSequence digits) {
        int sum = 0;
        boolean dbl = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (d < 0 || d > 9) {
                return false;
            }
            if (dbl) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            dbl = !dbl;
        }
        return digits.length() > 0 && sum % 10 == 0;
    }
}
