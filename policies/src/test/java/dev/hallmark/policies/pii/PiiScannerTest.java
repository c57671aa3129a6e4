package dev.hallmark.policies.pii;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.policies.Redaction;
import dev.hallmark.policies.Redaction.Kind;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class PiiScannerTest {
    final PiiScanner scanner = new PiiScanner(LocalDate.of(2026, 9, 1));

    List<String> found(String text) {
        return scanner.scan(text).stream().map(r -> r.kind().id() + ":" + text.substring(r.start(), r.end())).toList();
    }

    @Test
    void residentIdChecksumVectors() {
        // GB 11643-1999 example number; check characters computed with ISO 7064 MOD 11-2
        assertThat(Checksums.mod11_2("11010519491231002")).isEqualTo('X');
        assertThat(Checksums.residentId("11010519491231002X", LocalDate.of(2026, 1, 1))).isTrue();
        assertThat(Checksums.residentId("11010519491231002x", LocalDate.of(2026, 1, 1))).isTrue();
        assertThat(Checksums.residentId("110105194912310021", LocalDate.of(2026, 1, 1))).as("wrong check").isFalse();
        assertThat(Checksums.residentId("11010519491331002X", LocalDate.of(2026, 1, 1))).as("month 13").isFalse();
        assertThat(Checksums.residentId("11010530491231002X", LocalDate.of(2026, 1, 1))).as("born 3049").isFalse();
        assertThat(Checksums.mod11_2("44030419900101001")).isEqualTo(check("44030419900101001"));
    }

    /** Independent peer: sum of d_i * 2^(17-i) mod 11, check = (12 - sum mod 11) mod 11, 10 -> X. */
    static char check(String d17) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (d17.charAt(i) - '0') * (1 << (17 - i)) % 11;
        }
        int c = (12 - sum % 11) % 11;
        return c == 10 ? 'X' : (char) ('0' + c);
    }

    @Test
    void mod11AgreesWithThePowerOfTwoDefinition() {
        java.util.Random rnd = new java.util.Random(11);
        for (int i = 0; i < 2000; i++) {
            StringBuilder sb = new StringBuilder();
            for (int j = 0; j < 17; j++) {
                sb.append((char) ('0' + rnd.nextInt(10)));
            }
            assertThat(Checksums.mod11_2(sb)).as(sb.toString()).isEqualTo(check(sb.toString()));
        }
    }

    @Test
    void luhnVectors() {
        assertThat(Checksums.luhn("79927398713")).isTrue(); // the classic Luhn example
        assertThat(Checksums.luhn("79927398710")).isFalse();
        assertThat(Checksums.luhn("4111111111111111")).isTrue();
        assertThat(Checksums.luhn("6222020000000000000")).isTrue();
        assertThat(Checksums.luhn("6222020000000000001")).isFalse();
    }

    @Test
    void findsEachKind() {
        assertThat(found("身份证11010519491231002X谢谢")).containsExactly("resident-id:11010519491231002X");
        assertThat(found("call 13812345678 now")).containsExactly("phone:13812345678");
        assertThat(found("call +86 138 1234 5678 now")).containsExactly("phone:+86 138 1234 5678");
        assertThat(found("call 0086-138-1234-5678")).containsExactly("phone:0086-138-1234-5678");
        assertThat(found("card 4111 1111 1111 1111, thanks")).containsExactly("bank-card:4111 1111 1111 1111");
        assertThat(found("卡号6222020000000000000")).containsExactly("bank-card:6222020000000000000");
        assertThat(found("mail Zhang.San+x@mail.example.com.")).containsExactly("email:Zhang.San+x@mail.example.com");
    }

    @Test
    void fullWidthFormsAreFoundAtOriginalOffsets() {
        String t = "电话１３８１２３４５６７８，邮箱ａｂｃ＠ｅｘａｍｐｌｅ．ｃｏｍ";
        List<Redaction> r = scanner.scan(t);
        assertThat(r).extracting(Redaction::kind).containsExactly(Kind.PHONE, Kind.EMAIL);
        assertThat(t.substring(r.get(0).start(), r.get(0).end())).isEqualTo("１３８１２３４５６７８");
        assertThat(t.substring(r.get(1).start(), r.get(1).end())).isEqualTo("ａｂｃ＠ｅｘａｍｐｌｅ．ｃｏｍ");
    }

    @Test
    void leavesOtherNumbersAlone() {
        assertThat(found("4K video at 60 fps, 1920x1080, year 2026, 12345678901")).isEmpty();
        assertThat(found("card 4111 1111 1111 1112")).as("Luhn fails").isEmpty();
        assertThat(found("id 110105194912310021")).as("checksum fails, 18 digits not Luhn").isEmpty();
        assertThat(found("a@b")).isEmpty();
    }

    @Test
    void twoPhoneNumbersSeparatedBySpaceAreTwoRedactions() {
        assertThat(found("13812345678 18612345678")).containsExactly("phone:13812345678", "phone:18612345678");
    }

    /** Hang guard only (catastrophic backtracking would take hours), not a speed assertion. */
    @Test
    @org.junit.jupiter.api.Timeout(120)
    void hostileInputsTerminate() {
        assertThat(scanner.scan("1 ".repeat(20_000))).isEmpty();
        scanner.scan("a@".repeat(10_000) + "a.".repeat(10_000));
        scanner.scan("x".repeat(16_000) + "@" + "y.".repeat(8_000) + "1");
        assertThat(scanner.scan("-".repeat(5000) + "1".repeat(5000))).isEmpty();
    }
}
