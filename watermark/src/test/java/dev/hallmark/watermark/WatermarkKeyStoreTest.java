package dev.hallmark.watermark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WatermarkKeyStoreTest {
    private static final char[] PASS = "correct horse battery staple".toCharArray();

    @TempDir
    Path dir;

    private WatermarkKeyStore store(char[] pass) throws WatermarkException {
        return WatermarkKeyStore.open(dir, pass, 1000);
    }

    @Test
    void createsAKeyOnFirstUseThenReusesIt() throws Exception {
        WatermarkKeyStore.KeyUse first = store(PASS).activeOrCreate();
        assertThat(first.created()).isTrue();
        WatermarkKeyStore.KeyUse again = store(PASS).activeOrCreate();
        assertThat(again.created()).isFalse();
        assertThat(again.key()).isEqualTo(first.key());
        assertThat(again.key().id()).isEqualTo(first.key().id()).hasSize(16);
        Path file = dir.resolve("watermark-" + first.key().id() + ".key");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.size(file)).isEqualTo(WatermarkKeyStore.FILE_LENGTH);
    }

    @Test
    void theSecretIsEncryptedAtRestAndNeverPrinted() throws Exception {
        WatermarkKey key = store(PASS).activeOrCreate().key();
        byte[] file = Files.readAllBytes(dir.resolve("watermark-" + key.id() + ".key"));
        String hexFile = HexFormat.of().formatHex(file);
        String secretHex = HexFormat.of().formatHex(key.secretForStorage());
        assertThat(hexFile).doesNotContain(secretHex.substring(0, 16));
        assertThat(key.toString()).doesNotContain(secretHex.substring(0, 8)).contains(key.id());
    }

    @Test
    void rotationMakesANewActiveKeyAndKeepsTheOldOnes() throws Exception {
        WatermarkKeyStore s = store(PASS);
        WatermarkKey a = s.activeOrCreate().key();
        WatermarkKey b = s.rotate();
        assertThat(b).isNotEqualTo(a);
        assertThat(s.active()).contains(b);
        assertThat(s.keys()).containsExactly(b, a);
    }

    @Test
    void aGeneratedPassphraseFileProtectsKeysWhenNoPassphraseIsGiven() throws Exception {
        WatermarkKey k = store(null).activeOrCreate().key();
        Path pass = dir.resolve(WatermarkKeyStore.PASSPHRASE_FILE);
        assertThat(Files.getPosixFilePermissions(pass)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(store(null).active()).contains(k);
        assertThat(store(null).protection()).contains("generated passphrase");
        Files.delete(pass);
        assertThatThrownBy(() -> store(null).keys()).isInstanceOf(WatermarkException.class)
                .extracting(e -> ((WatermarkException) e).reason()).isEqualTo(WatermarkException.Reason.WRONG_PASSPHRASE);
    }

    @Test
    void wrongPassphraseIsRefused() throws Exception {
        store(PASS).activeOrCreate();
        assertThatThrownBy(() -> store("nope".toCharArray()).keys()).isInstanceOf(WatermarkException.class)
                .extracting(e -> ((WatermarkException) e).reason()).isEqualTo(WatermarkException.Reason.WRONG_PASSPHRASE);
        assertThatThrownBy(() -> store(null).keys()).isInstanceOf(WatermarkException.class)
                .extracting(e -> ((WatermarkException) e).reason()).isEqualTo(WatermarkException.Reason.WRONG_PASSPHRASE);
    }

    @Test
    void everySingleBitFlipIsDetected() throws Exception {
        WatermarkKey key = store(PASS).activeOrCreate().key();
        Path file = dir.resolve("watermark-" + key.id() + ".key");
        byte[] good = Files.readAllBytes(file);
        for (int bit = 0; bit < good.length * 8; bit++) {
            byte[] bad = good.clone();
            bad[bit / 8] ^= (byte) (1 << (bit % 8));
            Files.write(file, bad);
            int b = bit;
            assertThatThrownBy(() -> store(PASS).keys()).as("flipped bit %d", b).isInstanceOf(WatermarkException.class)
                    .extracting(e -> ((WatermarkException) e).reason())
                    .isIn(WatermarkException.Reason.CORRUPT_KEY, WatermarkException.Reason.WRONG_PASSPHRASE);
        }
        Files.write(file, good);
        assertThat(store(PASS).keys()).containsExactly(key);
    }

    @Test
    void aStoreThatHasReadAKeyStillRefusesTheFileOnceItChanges() throws Exception {
        WatermarkKeyStore s = store(PASS);
        WatermarkKey key = s.activeOrCreate().key();
        assertThat(s.keys()).containsExactly(key); // decrypted once, remembered in memory
        Path file = dir.resolve("watermark-" + key.id() + ".key");
        byte[] good = Files.readAllBytes(file);
        byte[] bad = good.clone();
        bad[100] ^= 1; // inside the ciphertext
        Files.write(file, bad);
        assertThatThrownBy(s::keys).isInstanceOf(WatermarkException.class)
                .extracting(e -> ((WatermarkException) e).reason())
                .isIn(WatermarkException.Reason.CORRUPT_KEY, WatermarkException.Reason.WRONG_PASSPHRASE);
        Files.write(file, good);
        assertThat(s.keys()).containsExactly(key);
    }

    @Test
    void truncationAndUnknownVersionsAreRefusedWithAReason() throws Exception {
        WatermarkKey key = store(PASS).activeOrCreate().key();
        Path file = dir.resolve("watermark-" + key.id() + ".key");
        byte[] good = Files.readAllBytes(file);
        for (int len : new int[] {0, 1, 4, 64, good.length - 1}) {
            Files.write(file, java.util.Arrays.copyOf(good, len));
            assertThatThrownBy(() -> store(PASS).keys()).isInstanceOf(WatermarkException.class)
                    .hasMessageContaining(file.toString())
                    .extracting(e -> ((WatermarkException) e).reason()).isEqualTo(WatermarkException.Reason.CORRUPT_KEY);
        }
        byte[] v2 = good.clone();
        v2[4] = 2;
        Files.write(file, v2);
        assertThatThrownBy(() -> store(PASS).keys()).hasMessageContaining("version 2");
    }

    @Test
    void derivedStreamsAreDistinctPerPurposeAndStable() {
        WatermarkKey k = WatermarkKey.fromSecret(new byte[32], java.time.Instant.EPOCH);
        assertThat(k.derive("a", 40)).isEqualTo(k.derive("a", 40)).isNotEqualTo(k.derive("b", 40));
        assertThat(k.derive("a", 100)).hasSize(100);
    }
}
