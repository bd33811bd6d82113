package com.payledger.query.audit.merkle;

import static com.payledger.query.audit.merkle.MerkleHashes.fromHex;
import static com.payledger.query.audit.merkle.MerkleHashes.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MerkleHashesTest {

    @Test
    void givenNoLeaves_whenEmptyRoot_thenSha256OfTheEmptyString() {
        assertThat(hex(MerkleHashes.emptyRoot()))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void givenTheEmptyLeaf_whenLeafHash_thenSha256OfTheZeroPrefix() {
        // SHA-256(0x00), the root of the one-leaf reference tree.
        assertThat(hex(MerkleHashes.leafHash(new byte[0])))
                .isEqualTo("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d");
    }

    @Test
    void givenTheFirstTwoReferenceLeaves_whenNodeHash_thenTheRootOfTheTwoLeafReferenceTree() {
        byte[] left = MerkleHashes.leafHash(fromHex(""));
        byte[] right = MerkleHashes.leafHash(fromHex("00"));
        assertThat(hex(MerkleHashes.nodeHash(left, right)))
                .isEqualTo("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125");
    }

    @Test
    void givenTheSameBytes_whenHashedAsLeafAndAsNode_thenTheHashesDiffer() {
        byte[] left = MerkleHashes.leafHash(fromHex("01"));
        byte[] right = MerkleHashes.leafHash(fromHex("02"));
        byte[] concatenated = new byte[64];
        System.arraycopy(left, 0, concatenated, 0, 32);
        System.arraycopy(right, 0, concatenated, 32, 32);
        assertThat(MerkleHashes.leafHash(concatenated)).isNotEqualTo(MerkleHashes.nodeHash(left, right));
    }

    @Test
    void givenAChildThatIsNotAHash_whenNodeHash_thenRejected() {
        byte[] hash = MerkleHashes.emptyRoot();
        assertThatThrownBy(() -> MerkleHashes.nodeHash(new byte[31], hash))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("left must be a 32-byte hash");
        assertThatThrownBy(() -> MerkleHashes.nodeHash(hash, new byte[33]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("right must be a 32-byte hash");
    }

    @Test
    void givenBytes_whenHex_thenLowercaseAndItRoundTrips() {
        byte[] bytes = {0, 1, (byte) 0xab, (byte) 0xff};
        assertThat(hex(bytes)).isEqualTo("0001abff");
        assertThat(fromHex("0001abff")).containsExactly(bytes);
        assertThat(fromHex("0001ABFF")).containsExactly(bytes);
        assertThat(fromHex("")).isEmpty();
    }

    @Test
    void givenMalformedHex_whenFromHex_thenRejected() {
        assertThatThrownBy(() -> fromHex("abc")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> fromHex("zz")).isInstanceOf(IllegalArgumentException.class);
    }
}
