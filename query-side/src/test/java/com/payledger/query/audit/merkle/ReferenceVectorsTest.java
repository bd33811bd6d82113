package com.payledger.query.audit.merkle;

import static com.payledger.query.audit.merkle.MerkleHashes.fromHex;
import static com.payledger.query.audit.merkle.MerkleHashes.hex;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The published RFC 6962 reference tree of eight leaves: its roots and proofs as Certificate Transparency's reference
 * implementations test them. Values copied from github.com/transparency-dev/merkle, file proof/verify_test.go
 * (commit 02194e9afb6c1d95b5381350007963aa70fff472). The leaves, roots and all proofs but 6 -> 7 also appear in
 * github.com/google/trillian, file merkle/log_verifier_test.go (commit 046133338f74123a69fbdf2434eba4ec4f4e5e0d).
 * Both files number leaves from 1 in their inclusion vectors; here they are 0-based leaf indexes.
 */
class ReferenceVectorsTest {

    static final List<String> LEAF_DATA = List.of("", "00", "10", "2021", "3031", "40414243", "5051525354555657",
            "606162636465666768696a6b6c6d6e6f");

    /** The root of the first {@code i + 1} leaves. */
    static final List<String> ROOTS = List.of(
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
            "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
            "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");

    static final String EMPTY_ROOT = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    record InclusionVector(long leafIndex, long treeSize, List<String> path) {
    }

    record ConsistencyVector(long fromSize, long toSize, List<String> path) {
    }

    static final List<InclusionVector> INCLUSION_PROOFS = List.of(
            new InclusionVector(0, 1, List.of()),
            new InclusionVector(0, 8, List.of(
                    "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")),
            new InclusionVector(5, 8, List.of(
                    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                    "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")),
            new InclusionVector(2, 3, List.of(
                    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125")),
            new InclusionVector(1, 5, List.of(
                    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b")));

    static final List<ConsistencyVector> CONSISTENCY_PROOFS = List.of(
            new ConsistencyVector(1, 1, List.of()),
            new ConsistencyVector(1, 8, List.of(
                    "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")),
            new ConsistencyVector(6, 8, List.of(
                    "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                    "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")),
            new ConsistencyVector(2, 5, List.of(
                    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b")),
            new ConsistencyVector(6, 7, List.of(
                    "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                    "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
                    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")));

    private final List<byte[]> leafHashes = LEAF_DATA.stream().map(data -> MerkleHashes.leafHash(fromHex(data)))
            .toList();
    private final MerkleProofs proofs = new MerkleProofs(new InMemorySubtrees(leafHashes));

    @Test
    void givenTheReferenceLeaves_whenRootOfEachSize_thenThePublishedRoots() {
        CompactRange range = CompactRange.empty();
        assertThat(hex(proofs.root(0))).isEqualTo(EMPTY_ROOT);
        assertThat(hex(range.root())).isEqualTo(EMPTY_ROOT);
        for (int size = 1; size <= LEAF_DATA.size(); size++) {
            range.append(leafHashes.get(size - 1));
            String expected = ROOTS.get(size - 1);
            assertThat(hex(proofs.root(size))).as("MerkleProofs root of size %d", size).isEqualTo(expected);
            assertThat(hex(range.root())).as("CompactRange root of size %d", size).isEqualTo(expected);
            assertThat(hex(NaiveMerkleTree.mth(leafHashes.subList(0, size)))).as("naive root of size %d", size)
                    .isEqualTo(expected);
        }
    }

    @Test
    void givenThePublishedInclusionProofs_whenBuiltAndVerified_thenTheyMatchAndVerify() {
        for (InclusionVector vector : INCLUSION_PROOFS) {
            List<String> built = hexes(proofs.inclusionPath(vector.leafIndex(), vector.treeSize()));
            assertThat(built).as("inclusion path %s", vector).isEqualTo(vector.path());
            assertThat(MerkleVerifier.verifyInclusion(vector.leafIndex(), vector.treeSize(),
                    leafHashes.get((int) vector.leafIndex()), bytes(vector.path()), root(vector.treeSize())))
                    .as("verifies %s", vector).isTrue();
        }
    }

    @Test
    void givenThePublishedConsistencyProofs_whenBuiltAndVerified_thenTheyMatchAndVerify() {
        for (ConsistencyVector vector : CONSISTENCY_PROOFS) {
            List<String> built = hexes(proofs.consistencyPath(vector.fromSize(), vector.toSize()));
            assertThat(built).as("consistency path %s", vector).isEqualTo(vector.path());
            assertThat(MerkleVerifier.verifyConsistency(vector.fromSize(), vector.toSize(), root(vector.fromSize()),
                    root(vector.toSize()), bytes(vector.path()))).as("verifies %s", vector).isTrue();
        }
    }

    @Test
    void givenThePublishedInclusionProofs_whenCorruptedAsTheReferenceTestsDo_thenVerificationFails() {
        byte[] someHash = fromHex("abacaba000000000000000000000000000000000000000000060061e00123456");
        for (InclusionVector vector : INCLUSION_PROOFS) {
            long index = vector.leafIndex();
            long size = vector.treeSize();
            byte[] leaf = leafHashes.get((int) index);
            byte[] root = root(size);
            List<byte[]> path = bytes(vector.path());
            assertThat(MerkleVerifier.verifyInclusion(index - 1, size, leaf, path, root)).isFalse();
            assertThat(MerkleVerifier.verifyInclusion(index + 1, size, leaf, path, root)).isFalse();
            assertThat(MerkleVerifier.verifyInclusion(index ^ 2, size, leaf, path, root)).isFalse();
            assertThat(MerkleVerifier.verifyInclusion(index, size * 2, leaf, path, root)).isFalse();
            assertThat(MerkleVerifier.verifyInclusion(index, size / 2, leaf, path, root)).isFalse();
            assertThat(MerkleVerifier.verifyInclusion(index, size, someHash, path, root)).isFalse();
            assertThat(MerkleVerifier.verifyInclusion(index, size, leaf, path, fromHex(EMPTY_ROOT))).isFalse();
            assertThat(MerkleVerifier.verifyInclusion(index, size, leaf, path, someHash)).isFalse();
            assertThat(MerkleVerifier.verifyInclusion(index, size, leaf, with(path, root), root)).isFalse();
            assertThat(MerkleVerifier.verifyInclusion(index, size, leaf, with(root, path), root)).isFalse();
            if (!path.isEmpty()) {
                assertThat(MerkleVerifier.verifyInclusion(index, size, leaf, path.subList(0, path.size() - 1), root))
                        .as("removed component of %s", vector).isFalse();
            }
        }
    }

    @Test
    void givenThePublishedConsistencyProofs_whenCorruptedAsTheReferenceTestsDo_thenVerificationFails() {
        for (ConsistencyVector vector : CONSISTENCY_PROOFS) {
            long from = vector.fromSize();
            long to = vector.toSize();
            List<byte[]> path = bytes(vector.path());
            if (path.isEmpty()) {
                continue;
            }
            byte[] fromRoot = root(from);
            byte[] toRoot = root(to);
            assertThat(MerkleVerifier.verifyConsistency(from - 1, to, fromRoot, toRoot, path)).isFalse();
            assertThat(MerkleVerifier.verifyConsistency(from + 1, to, fromRoot, toRoot, path)).isFalse();
            assertThat(MerkleVerifier.verifyConsistency(from ^ 2, to, fromRoot, toRoot, path)).isFalse();
            assertThat(MerkleVerifier.verifyConsistency(from, to * 2, fromRoot, toRoot, path)).isFalse();
            assertThat(MerkleVerifier.verifyConsistency(from, to / 2, fromRoot, toRoot, path)).isFalse();
            assertThat(MerkleVerifier.verifyConsistency(from, to, toRoot, fromRoot, path)).isFalse();
            assertThat(MerkleVerifier.verifyConsistency(from, to, fromRoot, toRoot, List.of())).isFalse();
            assertThat(MerkleVerifier.verifyConsistency(from, to, fromRoot, toRoot, with(path, fromRoot))).isFalse();
            assertThat(MerkleVerifier.verifyConsistency(from, to, fromRoot, toRoot, with(path, toRoot))).isFalse();
            assertThat(MerkleVerifier.verifyConsistency(from, to, fromRoot, toRoot, with(fromRoot, path))).isFalse();
            assertThat(MerkleVerifier.verifyConsistency(from, to, fromRoot, toRoot, with(toRoot, path))).isFalse();
            assertThat(MerkleVerifier.verifyConsistency(from, to, fromRoot, toRoot, with(path.get(0), path)))
                    .isFalse();
            assertThat(MerkleVerifier.verifyConsistency(from, to, fromRoot, toRoot, path.subList(0, path.size() - 1)))
                    .isFalse();
        }
    }

    private byte[] root(long size) {
        return fromHex(ROOTS.get((int) size - 1));
    }

    private static List<String> hexes(List<byte[]> hashes) {
        return hashes.stream().map(MerkleHashes::hex).toList();
    }

    private static List<byte[]> bytes(List<String> hexes) {
        return hexes.stream().map(MerkleHashes::fromHex).toList();
    }

    private static List<byte[]> with(List<byte[]> path, byte[] last) {
        List<byte[]> longer = new ArrayList<>(path);
        longer.add(last);
        return longer;
    }

    private static List<byte[]> with(byte[] first, List<byte[]> path) {
        List<byte[]> longer = new ArrayList<>();
        longer.add(first);
        longer.addAll(path);
        return longer;
    }
}
