package org.sabt.document.token;

import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import org.sabt.chassis.problem.ProblemException;
import org.sabt.document.certificate.CertificateType;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The signed token in a certificate's QR, after the EU Digital COVID Certificate: the claims as a CBOR map with small
 * integer keys, signed as a COSE_Sign1 (RFC 9052) with ES256 and a short key id, deflated (raw DEFLATE, RFC 1951) and
 * written in base32 (RFC 4648, no padding). Dates are RFC 8943 tag 100 (days since 1970-01-01). The claim keys are
 * listed in the README ("The certificate token").
 */
public final class CertificateToken {

    static final int FORMAT = 1;
    private static final int ES256 = -7;
    private static final int HEADER_ALG = 1;
    private static final int HEADER_KID = 4;
    private static final int TAG_COSE_SIGN1 = 18;
    private static final int TAG_DAYS = 100;
    /** A token this long is no certificate's: nothing larger is inflated. */
    private static final int MAX_COSE_BYTES = 4096;
    public static final int MAX_TOKEN_LENGTH = 4096;

    /** The signing key: its private half and its key id (the JWKS "kid"). */
    public record SigningKey(String kid, PrivateKey privateKey) {
    }

    public static String sign(TokenClaims claims, SigningKey key) {
        byte[] payload = claims(claims).EncodeToBytes();
        byte[] protectedHeader = CBORObject.NewMap().Add(HEADER_ALG, ES256).EncodeToBytes();
        byte[] signature;
        try {
            Signature ecdsa = Signature.getInstance("SHA256withECDSAinP1363Format");
            ecdsa.initSign(key.privateKey());
            ecdsa.update(toBeSigned(protectedHeader, payload));
            signature = ecdsa.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the certificate token cannot be signed", e);
        }
        CBORObject sign1 = CBORObject.NewArray().Add(protectedHeader)
                .Add(CBORObject.NewMap().Add(HEADER_KID, key.kid().getBytes(StandardCharsets.US_ASCII)))
                .Add(payload).Add(signature);
        return Base32.encode(deflate(CBORObject.FromObjectAndTag(sign1, TAG_COSE_SIGN1).EncodeToBytes()));
    }

    /**
     * The claims of an authentic token. Refusals: 400 {@code TOKEN_MALFORMED} (not base32, truncated, not a COSE_Sign1
     * of our claims), 422 {@code TOKEN_KEY_UNKNOWN} (a key that never signed here), 422 {@code TOKEN_SIGNATURE_INVALID}.
     */
    public static TokenClaims verify(String token, Function<String, Es256> keys) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
            throw malformed();
        }
        CBORObject sign1;
        try {
            sign1 = CBORObject.DecodeFromBytes(inflate(Base32.decode(token)));
        } catch (RuntimeException e) {
            throw malformed();
        }
        if (sign1.getType() != CBORType.Array || sign1.size() != 4 || !sign1.HasMostOuterTag(TAG_COSE_SIGN1)
                && sign1.isTagged()) {
            throw malformed();
        }
        byte[] protectedHeader = bytes(sign1.get(0));
        CBORObject unprotected = sign1.get(1);
        byte[] payload = bytes(sign1.get(2));
        byte[] signature = bytes(sign1.get(3));
        CBORObject header;
        try {
            header = CBORObject.DecodeFromBytes(protectedHeader);
        } catch (RuntimeException e) {
            throw malformed();
        }
        if (header.getType() != CBORType.Map || unprotected.getType() != CBORType.Map
                || !header.ContainsKey(HEADER_ALG) || header.get(HEADER_ALG).AsInt32Value() != ES256
                || !unprotected.ContainsKey(HEADER_KID)) {
            throw malformed();
        }
        String kid = new String(bytes(unprotected.get(HEADER_KID)), StandardCharsets.US_ASCII);
        Es256 publicKey = keys.apply(kid);
        if (publicKey == null) {
            throw ProblemException.unprocessable("TOKEN_KEY_UNKNOWN", kid);
        }
        if (!publicKey.verify(toBeSigned(protectedHeader, payload), signature)) {
            throw ProblemException.unprocessable("TOKEN_SIGNATURE_INVALID");
        }
        try {
            return claims(CBORObject.DecodeFromBytes(payload));
        } catch (RuntimeException e) {
            throw malformed();
        }
    }

    /** The COSE Sig_structure: what ES256 signs. */
    private static byte[] toBeSigned(byte[] protectedHeader, byte[] payload) {
        return CBORObject.NewArray().Add("Signature1").Add(protectedHeader).Add(new byte[0]).Add(payload).EncodeToBytes();
    }

    private static CBORObject claims(TokenClaims c) {
        CBORObject persons = CBORObject.NewArray();
        for (TokenClaims.Person p : c.persons()) {
            CBORObject person = CBORObject.NewArray().Add(p.surname()).Add(p.givenName());
            if (p.patronymic() != null || p.birthDate() != null) {
                person.Add(p.patronymic() == null ? CBORObject.Null : CBORObject.FromObject(p.patronymic()));
            }
            if (p.birthDate() != null) {
                person.Add(date(p.birthDate()));
            }
            persons.Add(person);
        }
        CBORObject map = CBORObject.NewMap()
                .Add(0, FORMAT)
                .Add(1, uuid(c.certificateId()))
                .Add(2, CertificateType.valueOf(c.certificateType()).code)
                .Add(3, CertificateType.Kind.valueOf(c.kind()).code)
                .Add(4, c.registrationNumber())
                .Add(5, date(c.registrationDate()));
        if (c.eventDate() != null) {
            map.Add(6, date(c.eventDate()));
        }
        map.Add(7, persons);
        if (c.blankSeries() != null) {
            map.Add(8, c.blankSeries()).Add(9, c.blankNumber());
        }
        return map.Add(10, c.statusIndex()).Add(11, date(c.issuedOn()));
    }

    private static TokenClaims claims(CBORObject map) {
        if (map.getType() != CBORType.Map || !map.ContainsKey(0) || map.get(0).AsInt32Value() != FORMAT) {
            throw new IllegalArgumentException("not a certificate token of format " + FORMAT);
        }
        List<TokenClaims.Person> persons = new ArrayList<>();
        for (CBORObject p : map.get(7).getValues()) {
            persons.add(new TokenClaims.Person(p.get(0).AsString(), p.get(1).AsString(),
                    p.size() > 2 && !p.get(2).isNull() ? p.get(2).AsString() : null,
                    p.size() > 3 ? date(p.get(3)) : null));
        }
        return new TokenClaims(uuid(map.get(1).GetByteString()),
                CertificateType.ofCode(map.get(2).AsInt32Value()).name(),
                CertificateType.Kind.ofCode(map.get(3).AsInt32Value()).name(),
                map.get(4).AsString(), date(map.get(5)), map.ContainsKey(6) ? date(map.get(6)) : null, persons,
                map.ContainsKey(8) ? map.get(8).AsString() : null, map.ContainsKey(9) ? map.get(9).AsInt32Value() : null,
                map.get(10).AsInt64Value(), date(map.get(11)));
    }

    private static CBORObject date(LocalDate date) {
        return CBORObject.FromObjectAndTag(date.toEpochDay(), TAG_DAYS);
    }

    private static LocalDate date(CBORObject value) {
        if (!value.HasMostOuterTag(TAG_DAYS)) {
            throw new IllegalArgumentException("a date is tag 100");
        }
        return LocalDate.ofEpochDay(value.Untag().AsInt64Value());
    }

    private static byte[] uuid(UUID id) {
        return ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits()).array();
    }

    private static UUID uuid(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        return new UUID(b.getLong(), b.getLong());
    }

    private static byte[] bytes(CBORObject value) {
        if (value.getType() != CBORType.ByteString) {
            throw malformed();
        }
        return value.GetByteString();
    }

    private static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        deflater.setInput(data);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length);
        byte[] buffer = new byte[1024];
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        return out.toByteArray();
    }

    private static byte[] inflate(byte[] data) {
        Inflater inflater = new Inflater(true);
        inflater.setInput(data);
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length * 2);
        byte[] buffer = new byte[1024];
        try {
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new IllegalArgumentException("truncated");
                }
                out.write(buffer, 0, n);
                if (out.size() > MAX_COSE_BYTES) {
                    throw new IllegalArgumentException("too large");
                }
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("not deflated", e);
        } finally {
            inflater.end();
        }
    }

    private static ProblemException malformed() {
        return ProblemException.badRequest("TOKEN_MALFORMED");
    }

    private CertificateToken() {
    }
}
