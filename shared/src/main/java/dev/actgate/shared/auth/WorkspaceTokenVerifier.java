package dev.actgate.shared.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.actgate.shared.workspaces.Workspace;
import dev.actgate.shared.workspaces.WorkspaceService;
import io.micronaut.security.token.jwt.signature.SignatureConfiguration;
import io.micronaut.security.token.jwt.signature.ec.ECSignature;
import io.micronaut.security.token.jwt.signature.ec.ECSignatureConfiguration;
import io.micronaut.security.token.jwt.signature.rsa.RSASignature;
import io.micronaut.security.token.jwt.signature.rsa.RSASignatureConfiguration;
import io.micronaut.security.token.jwt.signature.secret.SecretSignature;
import io.micronaut.security.token.jwt.signature.secret.SecretSignatureConfiguration;
import io.micronaut.security.token.jwt.validator.JwtValidator;
import jakarta.inject.Singleton;

import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies actgate tokens: HS256 with one of the workspace's active secrets, or RS256/ES256 with a public key the
 * workspace registered. Signature checking is micronaut-security-jwt's {@link JwtValidator} with its
 * {@link SecretSignature}/{@link RSASignature}/{@link ECSignature}; this class decides which keys apply (the
 * workspace is only known after reading the unverified {@code workspaceKey}/{@code iss} claim) and explains refusals.
 *
 * <p>Accepted claim shapes: {@code {workspaceKey, tenantKey}} (the guide) and {@code {iss, id}} (what the official
 * SDK mints); {@code isAdmin: true} makes a manager token; {@code exp} is required.
 */
@Singleton
public class WorkspaceTokenVerifier {
    /** Clocks drift; a token is accepted up to this long around exp/nbf. */
    static final long CLOCK_SKEW_MILLIS = 30_000;
    private static final Set<JWSAlgorithm> ASYMMETRIC = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);

    private final WorkspaceService workspaces;
    /** Signature objects per workspace version, so a warm function does not re-parse PEM keys per request. */
    /** Signature verifiers per workspace, rebuilt when its secrets or keys change; bounded like the workspace cache. */
    private final Cache<String, VerifierSet> verifiers = Caffeine.newBuilder().maximumSize(10_000).build();

    private record VerifierSet(long version, String secretsFingerprint, List<SignatureConfiguration> hmac,
                               Map<JWSAlgorithm, List<SignatureConfiguration>> asymmetric) {
    }

    /**
     * Tokens accepted lately, by their exact text: a client sends the same bearer token on every call, and parsing it
     * and checking its signature again is most of the token check's time (docs/benchmarks.md). An entry is used only
     * while the workspace the check read is unchanged (same id, version and secrets/keys) and within the token's
     * exp/nbf, which are checked again on every use; anything else takes the full path. Only tokens that the
     * workspace's newest secret (or a registered key) verified are kept: one signed with an older secret is always
     * re-checked against a fresh read, as before.
     */
    // Weighed by the token's length (up to 8 KB each) plus the claims kept with it, so large tokens cannot fill a
    // shared instance's heap: at most ~16 MB, i.e. ~10,000 entries of typical 0.5 KB tokens.
    private final Cache<String, Accepted> accepted = Caffeine.newBuilder()
        .maximumWeight(16L * 1024 * 1024).weigher((String token, Accepted a) -> 2 * token.length() + 1024)
        .expireAfterWrite(java.time.Duration.ofMinutes(5)).build();

    private record Accepted(Verified verified, String workspaceKey, String workspaceId, long version, String fingerprint,
                            long expMillis, Long nbfMillis) {
    }

    public WorkspaceTokenVerifier(WorkspaceService workspaces) {
        this.workspaces = workspaces;
    }

    /** Tokens actgate mints for its own screens carry this claim; they are never accepted as API tokens. */
    public static final String PURPOSE_CLAIM = "purpose";

    /** An API token: the bearer token of every request. */
    public Caller verify(String token) throws TokenRejection {
        Verified v = verifyAny(token);
        if (v.claims().getClaim(PURPOSE_CLAIM) != null) {
            throw new TokenRejection("This token is only valid for actgate's " + v.claims().getClaim(PURPOSE_CLAIM) + " screen");
        }
        return v.caller();
    }

    /** A token minted for one of actgate's own screens (connect session, OAuth state), checked for its purpose. */
    public Verified verifyPurpose(String token, String purpose) throws TokenRejection {
        Verified v = verifyAny(token);
        if (!purpose.equals(v.claims().getClaim(PURPOSE_CLAIM))) {
            throw new TokenRejection("Not a " + purpose + " token");
        }
        return v;
    }

    /** A verified token: who it is for, and its claims (signature, expiry and workspace already checked). */
    public record Verified(Caller caller, JWTClaimsSet claims) {
    }

    private Verified verifyAny(String token) throws TokenRejection {
        if (token == null || token.isBlank()) {
            throw new TokenRejection("Missing bearer token: send 'Authorization: Bearer <JWT>'");
        }
        if (token.length() > 8192) {
            throw new TokenRejection("Token is too long");
        }
        Accepted seen = accepted.getIfPresent(token);
        if (seen != null) {
            long now = System.currentTimeMillis();
            if (seen.expMillis() + CLOCK_SKEW_MILLIS >= now && (seen.nbfMillis() == null || seen.nbfMillis() - CLOCK_SKEW_MILLIS <= now)) {
                Optional<Workspace> current = workspaces.find(seen.workspaceKey());
                if (current.isPresent() && current.get().id().equals(seen.workspaceId()) && current.get().version() == seen.version()
                    && fingerprint(current.get()).equals(seen.fingerprint())) {
                    return seen.verified();
                }
            }
            accepted.invalidate(token);   // expired, or the workspace changed: the full check decides (and explains)
        }
        JWT jwt;
        try {
            jwt = JWTParser.parse(token.trim());
        } catch (ParseException e) {
            throw new TokenRejection("Malformed token: not a JWT");
        }
        if (jwt instanceof PlainJWT) {
            throw new TokenRejection("Unsigned tokens (alg: none) are not accepted");
        }
        if (jwt instanceof EncryptedJWT || !(jwt instanceof SignedJWT signed)) {
            throw new TokenRejection("Encrypted tokens are not accepted; sign the token with the workspace secret");
        }
        JWTClaimsSet claims;
        try {
            claims = signed.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new TokenRejection("Malformed token: the payload is not a JSON object");
        }
        Object purposeClaim = claims.getClaim(PURPOSE_CLAIM);
        String purpose = purposeClaim == null ? null : String.valueOf(purposeClaim);
        String workspaceKey = stringClaim(claims, "workspaceKey");
        if (workspaceKey == null) {
            workspaceKey = claims.getIssuer();
        }
        if (workspaceKey == null || workspaceKey.isBlank()) {
            throw new TokenRejection("Token has no workspaceKey (or iss) claim");
        }
        Date exp = claims.getExpirationTime();
        if (exp == null) {
            throw new TokenRejection("Token has no exp claim; tokens must expire");
        }
        long now = System.currentTimeMillis();
        if (exp.getTime() + CLOCK_SKEW_MILLIS < now) {
            throw new TokenRejection("Token expired");
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && nbf.getTime() - CLOCK_SKEW_MILLIS > now) {
            throw new TokenRejection("Token is not valid yet (nbf is in the future)");
        }
        JWSAlgorithm alg = signed.getHeader().getAlgorithm();
        // Unknown workspace, unregistered algorithm and bad signature all get the same answer, so workspace keys
        // cannot be enumerated with forged tokens; the real reason goes to the operator's log.
        String named = workspaceKey;
        Workspace workspace = workspaces.find(named).orElseThrow(() -> invalid("unknown workspace", named));
        Match match = match(workspace, signed, purpose);
        if (match != Match.CURRENT) {
            // Either the cached workspace predates a new secret or key, or the token used the older of two secrets,
            // which may have been retired since: ask storage (at most once a second per workspace) before deciding.
            Optional<Workspace> fresh = workspaces.fresh(workspaceKey);
            if (fresh.isPresent()) {
                workspace = fresh.get();
                match = match(workspace, signed, purpose);
            }
            if (match == Match.NONE) {
                if (!supported(workspace, signed.getHeader())) {
                    throw invalid("algorithm " + alg.getName() + " not registered", workspaceKey);
                }
                throw invalid("bad signature", workspaceKey);
            }
        }
        // A leaked long-lived token is a standing credential: the workspace caps exp - iat (default 24 h).
        long limitMillis = workspace.settings().tokenLifetimeLimitSeconds() * 1000;
        Date iat = claims.getIssueTime();
        long lifetime = exp.getTime() - (iat != null ? iat.getTime() : now);
        if (lifetime > limitMillis + CLOCK_SKEW_MILLIS) {
            throw new TokenRejection("Token lifetime (exp - iat) is longer than this workspace allows ("
                + workspace.settings().tokenLifetimeLimitSeconds() + " s)");
        }
        boolean manager = Boolean.TRUE.equals(booleanClaim(claims, "isAdmin"));
        String tenant = stringClaim(claims, "tenantKey");
        if (tenant == null) {
            tenant = stringClaim(claims, "id");
        }
        if (tenant != null && (tenant.isBlank() || tenant.length() > 256)) {
            throw new TokenRejection("tenantKey must be a non-empty string of at most 256 characters");
        }
        if (tenant == null && !manager) {
            throw new TokenRejection("Token names no tenant (tenantKey or id claim) and is not a manager token (isAdmin: true)");
        }
        Verified verified = new Verified(new Caller(workspace.id(), workspace.key(), tenant, manager), claims);
        if (match == Match.CURRENT) {
            accepted.put(token, new Accepted(verified, workspaceKey, workspace.id(), workspace.version(), fingerprint(workspace),
                exp.getTime(), nbf == null ? null : nbf.getTime()));
        }
        return verified;
    }

    /** The one answer for every token that names an unknown workspace or fails its signature check. */
    public static final String INVALID_TOKEN = "Invalid token: the signature could not be verified for the workspace it names";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(WorkspaceTokenVerifier.class);

    private static TokenRejection invalid(String reason, String workspaceKey) {
        LOG.info("Token refused: {} (workspace key '{}')", reason,
            workspaceKey.length() > 64 ? workspaceKey.substring(0, 64) + "…" : workspaceKey.replaceAll("[^\\x20-\\x7e]", "?"));
        return new TokenRejection(INVALID_TOKEN);
    }

    /**
     * Signs an internal token (connect session, OAuth state) for the workspace. Its {@code purpose} claim is
     * required, and the key is derived for that purpose from the newest workspace secret ({@link #purposeKey}), so
     * an internal token is never a valid API token, nor a token of another purpose, and a token a customer's
     * backend signs with the workspace secret can never pass as an internal one.
     */
    public String signForWorkspace(String workspaceKey, JWTClaimsSet claims) {
        Workspace w = workspaces.find(workspaceKey).orElseThrow(() -> new IllegalStateException("Unknown workspace"));
        Object purpose = claims.getClaim(PURPOSE_CLAIM);
        if (!(purpose instanceof String p) || p.isBlank()) {
            throw new IllegalArgumentException("internal tokens need a purpose claim");
        }
        return signHs256(purposeKey(w.secrets().get(w.secrets().size() - 1).value(), p), claims);
    }

    /**
     * HKDF-SHA256 (RFC 5869) of the workspace secret with the purpose as {@code info}: one independent HS256 key per
     * purpose. Base64url, so it is a 43-character secret string for micronaut-security's {@link SecretSignature}.
     */
    public static String purposeKey(String workspaceSecret, String purpose) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec("actgate internal token v1".getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] prk = mac.doFinal(workspaceSecret.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            mac.init(new javax.crypto.spec.SecretKeySpec(prk, "HmacSHA256"));
            mac.update(("actgate/" + purpose).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            mac.update((byte) 1);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private enum Match { NONE, CURRENT, OLDER_SECRET }

    private Match match(Workspace workspace, SignedJWT jwt, String purpose) {
        if (!supported(workspace, jwt.getHeader())) {
            return Match.NONE;
        }
        List<SignatureConfiguration> candidates = candidates(workspace, jwt.getHeader(), purpose);
        if (candidates.isEmpty()) {
            return Match.NONE;
        }
        if (JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) && candidates.size() > 1) {
            // The newest secret is last; a token signed with an older one is only trusted after a fresh look.
            if (valid(List.of(candidates.get(candidates.size() - 1)), jwt)) {
                return Match.CURRENT;
            }
            return valid(candidates.subList(0, candidates.size() - 1), jwt) ? Match.OLDER_SECRET : Match.NONE;
        }
        return valid(candidates, jwt) ? Match.CURRENT : Match.NONE;
    }

    private static boolean valid(List<SignatureConfiguration> signatures, SignedJWT jwt) {
        JwtValidator<Object> validator = JwtValidator.builder().withSignatures(signatures).build();
        return validator.validate(jwt, null).isPresent();
    }

    private static boolean supported(Workspace workspace, JWSHeader header) {
        JWSAlgorithm alg = header.getAlgorithm();
        if (JWSAlgorithm.HS256.equals(alg)) {
            return !workspace.secrets().isEmpty();
        }
        return ASYMMETRIC.contains(alg)
            && workspace.publicKeys().stream().anyMatch(k -> alg.getName().equals(k.alg()));
    }

    /** HS256 keys for an internal token of {@code purpose}: derived from each active secret. */
    private static List<SignatureConfiguration> purposeCandidates(Workspace workspace, String purpose) {
        List<SignatureConfiguration> out = new ArrayList<>();
        for (Workspace.SigningSecret secret : workspace.secrets()) {
            SecretSignatureConfiguration config = new SecretSignatureConfiguration(secret.id() + "/" + purpose);
            config.setSecret(purposeKey(secret.value(), purpose));
            config.setJwsAlgorithm(JWSAlgorithm.HS256);
            out.add(new SecretSignature(config));
        }
        return out;
    }

    private List<SignatureConfiguration> candidates(Workspace workspace, JWSHeader header, String purpose) {
        if (purpose != null) {
            // internal tokens: HS256 with a purpose-derived key only (never the raw secret, never a registered key)
            return JWSAlgorithm.HS256.equals(header.getAlgorithm()) ? purposeCandidates(workspace, purpose) : List.of();
        }
        return candidates(workspace, header);
    }

    private List<SignatureConfiguration> candidates(Workspace workspace, JWSHeader header) {
        VerifierSet set = verifiers.getIfPresent(workspace.id());
        String fingerprint = fingerprint(workspace);
        if (set == null || set.version != workspace.version() || !set.secretsFingerprint.equals(fingerprint)) {
            set = build(workspace, fingerprint);
            verifiers.put(workspace.id(), set);
        }
        if (JWSAlgorithm.HS256.equals(header.getAlgorithm())) {
            return set.hmac;
        }
        List<SignatureConfiguration> keys = set.asymmetric.getOrDefault(header.getAlgorithm(), List.of());
        return keys;
    }

    private static String fingerprint(Workspace w) {
        StringBuilder sb = new StringBuilder();
        w.secrets().forEach(s -> sb.append(s.id()).append(','));
        w.publicKeys().forEach(k -> sb.append(k.kid()).append(','));
        return sb.toString();
    }

    private static VerifierSet build(Workspace workspace, String fingerprint) {
        List<SignatureConfiguration> hmac = new ArrayList<>();
        for (Workspace.SigningSecret secret : workspace.secrets()) {
            SecretSignatureConfiguration config = new SecretSignatureConfiguration(secret.id());
            config.setSecret(secret.value());
            config.setJwsAlgorithm(JWSAlgorithm.HS256);
            hmac.add(new SecretSignature(config));
        }
        Map<JWSAlgorithm, List<SignatureConfiguration>> asymmetric = new java.util.HashMap<>();
        for (Workspace.PublicKeyRegistration registration : workspace.publicKeys()) {
            JWSAlgorithm alg = JWSAlgorithm.parse(registration.alg());
            try {
                PublicKey key = parsePem(registration.pem(), JWSAlgorithm.ES256.equals(alg) ? "EC" : "RSA");
                SignatureConfiguration sig;
                if (key instanceof RSAPublicKey rsa && JWSAlgorithm.RS256.equals(alg)) {
                    RSASignatureConfiguration config = () -> rsa;
                    sig = new RSASignature(config);
                } else if (key instanceof ECPublicKey ec && JWSAlgorithm.ES256.equals(alg)) {
                    sig = new ECSignature(new ECSignatureConfiguration() {
                        @Override
                        public ECPublicKey getPublicKey() {
                            return ec;
                        }

                        @Override
                        public JWSAlgorithm getJwsAlgorithm() {
                            return JWSAlgorithm.ES256;
                        }
                    });
                } else {
                    continue;
                }
                asymmetric.computeIfAbsent(alg, a -> new ArrayList<>()).add(sig);
            } catch (java.security.GeneralSecurityException | IllegalArgumentException e) {
                // An unusable registered key verifies nothing; the others still work.
            }
        }
        return new VerifierSet(workspace.version(), fingerprint, List.copyOf(hmac), asymmetric);
    }

    public static PublicKey parsePem(String pem, String algorithm) throws java.security.GeneralSecurityException {
        String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }

    private static String stringClaim(JWTClaimsSet claims, String name) {
        Object v = claims.getClaim(name);
        return v instanceof String s ? s : null;
    }

    private static Boolean booleanClaim(JWTClaimsSet claims, String name) {
        Object v = claims.getClaim(name);
        return v instanceof Boolean b ? b : null;
    }

    /** Signing helper for tests and the CLI: HS256 with the given secret. */
    public static String signHs256(String secret, JWTClaimsSet claims) {
        try {
            SecretSignatureConfiguration config = new SecretSignatureConfiguration("sign");
            config.setSecret(secret);
            config.setJwsAlgorithm(JWSAlgorithm.HS256);
            return new SecretSignature(config).sign(claims).serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot sign token", e);
        }
    }
}
