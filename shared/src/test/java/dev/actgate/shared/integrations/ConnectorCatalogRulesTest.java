package dev.actgate.shared.integrations;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The contract test's rules catch what they claim to: each is fed a connector that breaks it. */
class ConnectorCatalogRulesTest {

    static CatalogFiles.File file(String json) throws Exception {
        JsonNode j = CatalogFiles.JSON.readTree(json.replace('\'', '"'));
        return new CatalogFiles.File(j.path("key").asText(), j, null);
    }

    static final String GOOD_ACTION = "{'id':'acme-get-thing','name':'Get thing','description':'Reads one thing by its id and returns it.',"
        + "'type':'api-request-to-external-app','idempotent':true,'readOnly':true,'docsUrl':'https://docs.acme.example.com/things/get',"
        + "'inputSchema':{'type':'object','properties':{'thingId':{'type':'string','description':'The thing.'}},'required':['thingId'],"
        + "'additionalProperties':false},'config':{'request':{'method':'GET','path':'/things/{{$.input.thingId}}'}}}";

    static String connector(String baseUrl, String auth, String actions) {
        return "{'key':'acme','name':'Acme','description':'A made-up app for rule tests.','categories':['crm'],'baseUrl':'" + baseUrl
            + "','auth':" + auth + ",'actions':[" + actions + "]}";
    }

    static final String KEY_AUTH = "{'type':'api-key','in':'header','name':'X-Key','fields':[{'key':'apiKey','label':'Key','secret':true,'required':true},"
        + "{'key':'subdomain','label':'Subdomain','secret':false,'required':true}]}";

    @Test
    void aConformingConnectorPassesEveryRule() throws Exception {
        CatalogFiles.File f = file(connector("https://{{connection.subdomain}}.acme.example.com/api", KEY_AUTH, GOOD_ACTION));
        for (ConnectorCatalogContractTest.Rule r : ConnectorCatalogContractTest.RULES) {
            List<String> v = r.name().startsWith("action ids") ? ConnectorCatalogContractTest.actionIds(f, Set.of("acme"))
                : r.check().apply(f);
            assertEquals(List.of(), v, r.name());
        }
    }

    @Test
    void hostsAndSchemes() {
        assertTrue(ConnectorCatalogContractTest.urlProblem("http://api.acme.com") != null);
        assertTrue(ConnectorCatalogContractTest.urlProblem("https://api.{{connection.region}}.acme.com") != null, "placeholder not leftmost");
        assertTrue(ConnectorCatalogContractTest.urlProblem("https://{{connection.shop}}.com") != null, "the rest of the host must be a domain");
        assertTrue(ConnectorCatalogContractTest.urlProblem("https://{{connection.sub}}.acme.com/{{connection.x}}") == null);
        assertTrue(ConnectorCatalogContractTest.urlProblem("{{connection.instanceUrl}}/services/data") == null, "a full-host field");
        assertTrue(ConnectorCatalogContractTest.urlProblem("{{connection.instanceUrl}}.evil.com/") != null);
        assertTrue(ConnectorCatalogContractTest.urlProblem("https://user@acme.com/") != null);
    }

    @Test
    void oauthEndpointsMustNotBeTemplated() throws Exception {
        String oauth = "{'type':'oauth2-authorization-code','authorizeUrl':'https://{{connection.shop}}.acme.example.com/authorize',"
            + "'tokenUrl':'https://acme.example.com/token','pkce':true,'tokenAuthMethod':'client_secret_post','refreshable':true,"
            + "'fields':[{'key':'shop','label':'Shop','secret':false,'required':true}]}";
        List<String> v = ConnectorCatalogContractTest.httpsAndHosts(file(connector("https://acme.example.com", oauth, "")));
        assertTrue(v.toString().contains("authorizeUrl has a placeholder"), v.toString());
    }

    @Test
    void undeclaredAndSecretPlaceholders() throws Exception {
        List<String> v = ConnectorCatalogContractTest.placeholdersDeclared(file(connector("https://{{connection.tenant}}.acme.example.com", KEY_AUTH, "")));
        assertTrue(v.toString().contains("tenant"), v.toString());
        List<String> secret = ConnectorCatalogContractTest.placeholdersDeclared(file(connector("https://{{connection.apiKey}}.acme.example.com", KEY_AUTH, "")));
        assertTrue(secret.toString().contains("secret field 'apiKey'"), secret.toString());
    }

    @Test
    void mappingRules() throws Exception {
        String broken = GOOD_ACTION.replace("'required':['thingId']", "'required':[]")
            .replace("'path':'/things/{{$.input.thingId}}'", "'path':'/things/{{$.input.thingId}}','query':{'q':{'$var':'$.input.missing'},"
                + "'k':'{{$.connection.apiKey}}'}");
        CatalogFiles.File f = file(connector("https://acme.example.com", KEY_AUTH, broken));
        assertTrue(ConnectorCatalogContractTest.mappingNamesInputs(f).toString().contains("$.input.missing"));
        assertTrue(ConnectorCatalogContractTest.pathInputsRequired(f).toString().contains("thingId"));
        assertTrue(ConnectorCatalogContractTest.mappingConnectionFields(f).toString().contains("apiKey"));
        String unused = GOOD_ACTION.replace("'required':['thingId']", "'required':['thingId','other']")
            .replace("'properties':{", "'properties':{'other':{'type':'string','description':'x'},");
        assertTrue(ConnectorCatalogContractTest.requiredInputsUsed(file(connector("https://acme.example.com", KEY_AUTH, unused)))
            .toString().contains("'other'"));
    }

    @Test
    void actionMetadataAndIds() throws Exception {
        String bare = GOOD_ACTION.replace(",'readOnly':true,'docsUrl':'https://docs.acme.example.com/things/get'", "")
            .replace("'id':'acme-get-thing'", "'id':'other-get-thing'");
        CatalogFiles.File f = file(connector("https://acme.example.com", KEY_AUTH, bare));
        List<String> meta = ConnectorCatalogContractTest.actionMetadata(f);
        assertTrue(meta.toString().contains("docsUrl") && meta.toString().contains("readOnly"), meta.toString());
        assertTrue(ConnectorCatalogContractTest.actionIds(f, Set.of("acme", "other")).toString().contains("other-get-thing"));
        CatalogFiles.File shadowed = file(connector("https://acme.example.com", KEY_AUTH, GOOD_ACTION.replace("acme-get-thing", "acme-get-x")));
        assertTrue(ConnectorCatalogContractTest.actionIds(shadowed, Set.of("acme", "acme-get")).toString().contains("resolve there"));
        assertTrue(!ConnectorCatalogContractTest.schemaValid(f).isEmpty(), "the file schema requires docsUrl and readOnly");
    }

    @Test
    void oauthAppsNeedIdentityAndSchemasMustBeValid() throws Exception {
        String oauth = "{'type':'oauth2-authorization-code','authorizeUrl':'https://acme.example.com/authorize','tokenUrl':'https://acme.example.com/token',"
            + "'pkce':true,'tokenAuthMethod':'client_secret_post','refreshable':true}";
        assertTrue(!ConnectorCatalogContractTest.identityForOAuth(file(connector("https://acme.example.com", oauth, ""))).isEmpty());
        String badSchema = GOOD_ACTION.replace("'type':'string','description':'The thing.'", "'type':'strin','description':'The thing.'");
        assertTrue(!ConnectorCatalogContractTest.inputSchemas(file(connector("https://acme.example.com", KEY_AUTH, badSchema))).isEmpty());
        String open = GOOD_ACTION.replace(",'additionalProperties':false", "");
        assertTrue(ConnectorCatalogContractTest.inputSchemas(file(connector("https://acme.example.com", KEY_AUTH, open))).toString()
            .contains("additionalProperties"));
    }
}
