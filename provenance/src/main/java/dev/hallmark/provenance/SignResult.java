package dev.hallmark.provenance;

import java.nio.file.Path;

/**
 * What signing wrote.
 *
 * @param output the signed file
 * @param manifestLabel the manifest's label ({@code urn:c2pa:<uuid>})
 * @param instanceId the claim's {@code instanceID}
 * @param manifestOffset offset of the C2PA {@code uuid} box in the output
 * @param manifestSize size of that box
 * @param fileSize size of the output
 * @param hardBindingHash hex of the {@code c2pa.hash.bmff.v3} hash
 * @param timestamped whether an RFC 3161 time-stamp was embedded
 */
public record SignResult(Path output, String manifestLabel, String instanceId, long manifestOffset, long manifestSize,
        long fileSize, String hardBindingHash, boolean timestamped) {
}
