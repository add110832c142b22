package dev.ironclaw4j.guard.vault;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.subtle.AesGcmJce;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.bouncycastle.crypto.params.HKDFParameters;

/**
 * The vault's cryptography in one place. Envelope encryption: a Tink keyset of AES-256-GCM data keys
 * encrypts the records; the keyset itself is encrypted (AES-256-GCM) under a key-encryption key that
 * comes from Argon2id(passphrase) or a key file. Two keys are derived from that material with HKDF:
 * one encrypts the keyset, one computes the verifier that tells a wrong passphrase from a damaged
 * keyset.
 */
final class VaultCrypto {
  static final String NO_KDF = "none";
  private static final byte[] KEYSET_AD = bytes("ironclaw4j/vault/keyset/v1");
  private static final byte[] RECORD_AD = bytes("ironclaw4j/vault/record/v1");
  private static final byte[] VERIFIER_INPUT = bytes("ironclaw4j/vault/verifier/v1");
  private static final SecureRandom RANDOM = new SecureRandom();

  static {
    try {
      AeadConfig.register();
    } catch (GeneralSecurityException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private VaultCrypto() {}

  /** The key-encryption key, ready to use, and the verifier it produces. */
  record DerivedKek(Aead keysetAead, byte[] verifier) {}

  static byte[] randomSalt() {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    return salt;
  }

  static DerivedKek derive(KekSource source, String kdf, byte[] salt) {
    byte[] material =
        switch (source) {
          case KekSource.Passphrase p -> argon2(p.chars(), Argon2Params.parseStored(kdf), salt);
          case KekSource.KeyFileSource f -> KeyFile.read(f.file(), f.forbiddenDir());
        };
    byte[] encKey = null;
    byte[] macKey = null;
    try {
      encKey = hkdf(material, salt, "ironclaw4j/vault/kek/keyset/v1");
      macKey = hkdf(material, salt, "ironclaw4j/vault/kek/verifier/v1");
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(macKey, "HmacSHA256"));
      mac.update(VERIFIER_INPUT);
      byte[] verifier = mac.doFinal(salt);
      return new DerivedKek(new AesGcmJce(encKey), verifier);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks HMAC-SHA256 or AES-GCM", e);
    } finally {
      Arrays.fill(material, (byte) 0);
      if (encKey != null) {
        Arrays.fill(encKey, (byte) 0);
      }
      if (macKey != null) {
        Arrays.fill(macKey, (byte) 0);
      }
    }
  }

  static byte[] argon2(char[] passphrase, Argon2Params params, byte[] salt) {
    Argon2Parameters p =
        new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
            .withVersion(Argon2Parameters.ARGON2_VERSION_13)
            .withSalt(salt)
            .withMemoryAsKB(params.memoryKiB())
            .withIterations(params.iterations())
            .withParallelism(params.parallelism())
            .build();
    Argon2BytesGenerator gen = new Argon2BytesGenerator();
    gen.init(p);
    byte[] out = new byte[32];
    gen.generateBytes(passphrase, out);
    return out;
  }

  private static byte[] hkdf(byte[] ikm, byte[] salt, String info) {
    HKDFBytesGenerator gen = new HKDFBytesGenerator(new SHA256Digest());
    gen.init(new HKDFParameters(ikm, salt, bytes(info)));
    byte[] out = new byte[32];
    gen.generateBytes(out, 0, out.length);
    return out;
  }

  static KeysetHandle newKeyset() {
    try {
      return KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot generate an AES-256-GCM key", e);
    }
  }

  static Aead aead(KeysetHandle keyset) {
    try {
      return keyset.getPrimitive(RegistryConfiguration.get(), Aead.class);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot use the vault keyset", e);
    }
  }

  static byte[] encryptKeyset(KeysetHandle keyset, Aead kek) {
    try {
      return TinkProtoKeysetFormat.serializeEncryptedKeyset(keyset, kek, KEYSET_AD);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot encrypt the vault keyset", e);
    }
  }

  static KeysetHandle decryptKeyset(byte[] encrypted, Aead kek) throws GeneralSecurityException {
    return TinkProtoKeysetFormat.parseEncryptedKeyset(encrypted, kek, KEYSET_AD);
  }

  /**
   * Associated data of a record: the name, version, expiry and bindings, length-prefixed so no two
   * different tuples encode the same. A ciphertext moved to another name, an older version, other
   * bindings or another expiry fails to decrypt.
   */
  static byte[] recordAd(String name, long version, String bindings, Instant expiresAt) {
    ByteArrayOutputStream buf = new ByteArrayOutputStream(64 + bindings.length());
    try (DataOutputStream out = new DataOutputStream(buf)) {
      writeChunk(out, RECORD_AD);
      writeChunk(out, bytes(name));
      out.writeLong(version);
      out.writeLong(expiresAt == null ? Long.MIN_VALUE : expiresAt.getEpochSecond());
      writeChunk(out, bytes(bindings));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return buf.toByteArray();
  }

  private static void writeChunk(DataOutputStream out, byte[] b) throws IOException {
    out.writeInt(b.length);
    out.write(b);
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
