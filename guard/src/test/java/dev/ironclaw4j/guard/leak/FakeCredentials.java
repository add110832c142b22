package dev.ironclaw4j.guard.leak;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Generated fake credentials, one per finding type: random characters in each format's shape (never a
 * real credential), with valid checksums where the format has one. Each sample is a line of text as it
 * would appear in a file or a request; the expected type is the key.
 */
final class FakeCredentials {
  static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  static final String LOWER = "abcdefghijklmnopqrstuvwxyz";
  static final String DIGITS = "0123456789";
  static final String ALNUM = UPPER + LOWER + DIGITS;
  static final String HEX = "0123456789abcdef";
  static final String B64URL = ALNUM + "_-";
  static final String B64 = ALNUM + "+/";

  private final Random rnd;

  FakeCredentials(long seed) {
    this.rnd = new Random(seed);
  }

  String r(String alphabet, int n) {
    // Avoid runs that the placeholder filter treats as fake (8 equal characters, "1234567890").
    StringBuilder sb = new StringBuilder(n);
    while (sb.length() < n) {
      char c = alphabet.charAt(rnd.nextInt(alphabet.length()));
      if (sb.length() > 0 && sb.charAt(sb.length() - 1) == c) {
        continue;
      }
      sb.append(c);
    }
    return sb.toString();
  }

  String hex(int n) {
    return r(HEX, n);
  }

  String uuid() {
    return hex(8) + "-" + hex(4) + "-" + hex(4) + "-" + hex(4) + "-" + hex(12);
  }

  /** A GitHub-classic / npm style token with a valid CRC32 checksum. */
  String checksummed(String prefix) {
    String random = r(ALNUM, 30);
    return prefix + random + Checks.base62Crc32Of(random);
  }

  String jwt() {
    Base64.Encoder e = Base64.getUrlEncoder().withoutPadding();
    String h = e.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes());
    String p = e.encodeToString(("{\"sub\":\"" + r(ALNUM, 12) + "\",\"iat\":1700000000}").getBytes());
    return h + "." + p + "." + r(B64URL, 43);
  }

  String pem(String label) {
    StringBuilder sb = new StringBuilder("-----BEGIN " + label + "PRIVATE KEY-----\n");
    for (int i = 0; i < 10; i++) {
      sb.append(r(B64, 64)).append('\n');
    }
    return sb.append("-----END ").append(label).append("PRIVATE KEY-----").toString();
  }

  /** type -> a line containing one credential of that type. */
  Map<String, String> all() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("aws_access_key_id", "aws_access_key_id = AKIA" + r("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16));
    m.put("aws_secret_access_key", "aws_secret_access_key = " + r(B64, 40));
    m.put("aws_session_token", "AWS_SESSION_TOKEN=" + r(B64, 300));
    m.put("aws_mws_key", "mws: amzn.mws." + uuid());
    m.put("gcp_private_key_id", "{\"type\": \"service_account\", \"private_key_id\": \"" + hex(40) + "\"}");
    m.put("google_api_key", "key=AIza" + r(B64URL, 35));
    m.put("google_oauth_client_secret", "client: GOCSPX-" + r(B64URL, 28));
    m.put("google_oauth_access_token", "tok ya29." + r(B64URL, 120));
    m.put("google_oauth_refresh_token", "refresh 1//0" + r(B64URL, 60));
    m.put("azure_storage_account_key", "DefaultEndpointsProtocol=https;AccountName=x;AccountKey=" + r(B64, 86) + "==;");
    m.put("azure_shared_access_key", "Endpoint=sb://x.servicebus.windows.net/;SharedAccessKeyName=R;SharedAccessKey=" + r(B64, 43) + "=");
    m.put("azure_sas_token", "https://x.blob.core.windows.net/c?sv=2021-08-06&ss=b&srt=sco&sp=rl&se=2030-01-01&sig=" + r(ALNUM, 43) + "%3D");
    m.put("azure_ad_client_secret", "secret " + r(ALNUM, 3) + "8Q~" + r(ALNUM + "_~.", 34));
    m.put("alibaba_access_key_id", "id LTAI" + r(ALNUM, 20));
    m.put("tencent_secret_id", "id AKID" + r(ALNUM, 32));
    m.put("digitalocean_pat", "dop_v1_" + hex(64));
    m.put("digitalocean_oauth_token", "doo_v1_" + hex(64));
    m.put("digitalocean_refresh_token", "dor_v1_" + hex(64));
    m.put("heroku_api_key", "HRKU-" + r(B64URL, 60));
    m.put("heroku_api_key_legacy", "HEROKU_API_KEY=" + uuid());
    m.put("terraform_cloud_token", r(ALNUM, 14) + ".atlasv1." + r(B64URL, 67));
    m.put("hashicorp_vault_token", "hvs." + r(B64URL, 95));
    m.put("pulumi_access_token", "pul-" + hex(40));
    m.put("doppler_token", "dp.pt." + r(ALNUM, 43));
    m.put("databricks_token", "dapi" + hex(32));
    m.put("cloudflare_origin_ca_key", "v1.0-" + hex(24) + "-" + hex(146));
    m.put("flyio_token", "FlyV1 fm2_" + r(B64, 200));
    m.put("supabase_access_token", "sbp_" + hex(40));
    m.put("supabase_secret_key", "sb_secret_" + r(B64URL, 31));
    m.put("planetscale_token", "pscale_tkn_" + r(ALNUM, 43));
    m.put("dynatrace_token", "dt0c01." + r(UPPER + DIGITS, 24) + "." + r(UPPER + DIGITS, 64));
    m.put("newrelic_user_api_key", "NRAK-" + r(UPPER + DIGITS, 27));
    m.put("newrelic_insert_key", "NRII-" + r(B64URL, 32));
    m.put("grafana_cloud_token", "glc_" + r(B64, 80) + "==");
    m.put("grafana_service_account_token", "glsa_" + r(ALNUM, 32) + "_" + hex(8));
    m.put("datadog_api_key", "DD_API_KEY=" + hex(32));
    m.put("sentry_auth_token", "sntrys_eyJ" + r(B64URL, 120));
    m.put("github_pat", "token " + checksummed("ghp_"));
    m.put("github_oauth_token", checksummed("gho_"));
    m.put("github_user_to_server_token", checksummed("ghu_"));
    m.put("github_app_installation_token", checksummed("ghs_"));
    m.put("github_refresh_token", checksummed("ghr_"));
    m.put("github_fine_grained_pat", "github_pat_" + r(ALNUM, 22) + "_" + r(ALNUM, 59));
    m.put("gitlab_pat", "glpat-" + r(B64URL, 20));
    m.put("gitlab_pipeline_trigger_token", "glptt-" + hex(40));
    m.put("gitlab_runner_token", "glrt-" + r(B64URL, 20));
    m.put("gitlab_runner_registration_token", "GR1348941" + r(B64URL, 20));
    m.put("gitlab_deploy_token", "gldt-" + r(B64URL, 20));
    m.put("gitlab_feed_token", "glft-" + r(B64URL, 20));
    m.put("gitlab_oauth_app_secret", "gloas-" + r(B64URL, 64));
    m.put("gitlab_scim_token", "glsoat-" + r(B64URL, 20));
    m.put("gitlab_cicd_job_token", "glcbt-" + r(B64URL, 30));
    m.put("gitlab_incoming_mail_token", "glimt-" + r(B64URL, 25));
    m.put("gitlab_agent_token", "glagent-" + r(B64URL, 50));
    m.put("bitbucket_app_password", "ATBB" + r(ALNUM, 32));
    m.put("atlassian_api_token", "ATATT3xFfGF0" + r(B64URL, 180));
    m.put("circleci_pat", "CCIPAT_" + r(ALNUM, 22) + "_" + hex(40));
    m.put("buildkite_token", "bkua_" + hex(40));
    m.put("sonarqube_token", "sqp_" + hex(40));
    m.put("jfrog_identity_token", "cmVmdGtuOjAxOj" + r(ALNUM, 50));
    m.put("jfrog_api_key", "AKCp" + r(ALNUM, 69));
    m.put("octopus_deploy_api_key", "API-" + r(UPPER + DIGITS, 26));
    m.put("slack_bot_token", "xoxb-" + r(DIGITS, 11) + "-" + r(DIGITS, 12) + "-" + r(ALNUM, 24));
    m.put("slack_user_token", "xoxp-" + r(DIGITS, 11) + "-" + r(DIGITS, 11) + "-" + r(DIGITS, 12) + "-" + hex(32));
    m.put("slack_app_token", "xapp-1-A" + r(UPPER + DIGITS, 10) + "-" + r(DIGITS, 13) + "-" + hex(64));
    m.put("slack_config_token", "xoxe.xoxp-1-" + r(ALNUM, 163));
    m.put("slack_legacy_token", "xoxs-" + r(DIGITS, 10) + "-" + r(DIGITS, 10) + "-" + r(ALNUM, 40));
    m.put("slack_webhook_url", "https://hooks.slack.com/services/T" + r(UPPER + DIGITS, 8) + "/B" + r(UPPER + DIGITS, 8) + "/" + r(ALNUM, 24));
    m.put("discord_webhook_url", "https://discord.com/api/webhooks/" + r(DIGITS, 18) + "/" + r(B64URL, 68));
    m.put("discord_bot_token", "DISCORD_TOKEN=M" + r(ALNUM, 23) + "." + r(B64URL, 6) + "." + r(B64URL, 27));
    m.put("telegram_bot_token", "bot" + r("123456789", 9) + ":AA" + r(B64URL, 33));
    m.put("teams_webhook_url", "https://contoso.webhook.office.com/webhookb2/" + uuid() + "@" + uuid() + "/IncomingWebhook/" + hex(32) + "/" + uuid());
    m.put("stripe_secret_key", "sk_live_" + r(ALNUM, 24));
    m.put("stripe_test_secret_key", "sk_test_" + r(ALNUM, 24));
    m.put("stripe_restricted_key", "rk_live_" + r(ALNUM, 24));
    m.put("stripe_webhook_secret", "whsec_" + r(ALNUM, 32));
    m.put("square_access_token", "sq0atp-" + r(B64URL, 22));
    m.put("square_oauth_secret", "sq0csp-" + r(B64URL, 43));
    m.put("braintree_access_token", "access_token$production$" + r(LOWER + DIGITS, 16) + "$" + hex(32));
    m.put("shopify_access_token", "shpat_" + hex(32));
    m.put("shopify_custom_app_token", "shpca_" + hex(32));
    m.put("shopify_private_app_token", "shppa_" + hex(32));
    m.put("shopify_shared_secret", "shpss_" + hex(32));
    m.put("flutterwave_secret_key", "FLWSECK_TEST-" + hex(32) + "-X");
    m.put("shippo_api_token", "shippo_live_" + hex(40));
    m.put("easypost_api_key", "EZAK" + r(ALNUM, 54));
    m.put("duffel_api_token", "duffel_test_" + r(B64URL, 43));
    m.put("twilio_api_key", "SK" + hex(32));
    m.put("twilio_auth_token", "TWILIO_AUTH_TOKEN=" + hex(32));
    m.put("sendgrid_api_key", "SG." + r(B64URL, 22) + "." + r(B64URL, 43));
    m.put("mailgun_api_key", "key-" + hex(32));
    m.put("mailchimp_api_key", hex(32) + "-us14");
    m.put("brevo_api_key", "xkeysib-" + hex(64) + "-" + r(ALNUM, 16));
    m.put("firebase_cloud_messaging_key", "AAAA" + r(B64URL, 7) + ":APA91b" + r(B64URL, 134));
    m.put("openai_api_key", "sk-proj-" + r(B64URL, 20) + "T3BlbkFJ" + r(B64URL, 20));
    m.put("openai_project_key", "sk-proj-" + r(B64URL, 120));
    m.put("anthropic_api_key", "sk-ant-api03-" + r(B64URL, 93) + "AA");
    m.put("anthropic_admin_key", "sk-ant-admin01-" + r(B64URL, 93) + "AA");
    m.put("openrouter_api_key", "sk-or-v1-" + hex(64));
    m.put("huggingface_token", "hf_" + r(UPPER + LOWER, 34));
    m.put("huggingface_org_token", "api_org_" + r(UPPER + LOWER, 34));
    m.put("groq_api_key", "gsk_" + r(ALNUM, 52));
    m.put("perplexity_api_key", "pplx-" + r(ALNUM, 48));
    m.put("replicate_api_token", "r8_" + r(ALNUM, 37));
    m.put("xai_api_key", "xai-" + r(ALNUM, 80));
    m.put("langsmith_api_key", "lsv2_pt_" + hex(32) + "_" + hex(10));
    m.put("pinecone_api_key", "pcsk_" + r(ALNUM + "_", 60));
    m.put("tavily_api_key", "tvly-" + r(ALNUM, 32));
    m.put("npm_token", "//registry.npmjs.org/:_authToken=" + checksummed("npm_"));
    m.put("pypi_token", "pypi-AgEIcHlwaS5vcmc" + r(B64URL, 150));
    m.put("dockerhub_pat", "dckr_pat_" + r(B64URL, 27));
    m.put("dockerhub_org_token", "dckr_oat_" + r(B64URL, 32));
    m.put("rubygems_api_key", "rubygems_" + hex(48));
    m.put("clojars_token", "CLOJARS_" + r(LOWER + DIGITS, 60));
    m.put("nuget_api_key", "oy2" + r(LOWER + DIGITS, 43));
    m.put("linear_api_key", "lin_api_" + r(ALNUM, 40));
    m.put("notion_token", "ntn_" + r(DIGITS, 11) + r(ALNUM, 35));
    m.put("postman_api_key", "PMAK-" + hex(24) + "-" + hex(34));
    m.put("contentful_pat", "CFPAT-" + r(B64URL, 43));
    m.put("figma_pat", "figd_" + r(B64URL, 40));
    m.put("typeform_pat", "tfp_" + r(ALNUM, 59));
    m.put("adafruit_io_key", "aio_" + r(ALNUM, 28));
    m.put("frameio_token", "fio-u-" + r(B64URL, 64));
    m.put("readme_api_key", "rdme_" + r(LOWER + DIGITS, 70));
    m.put("prefect_api_key", "pnu_" + r(ALNUM, 36));
    m.put("mapbox_secret_token", "sk.eyJ" + r(B64URL, 80) + "." + r(B64URL, 22));
    m.put("onepassword_service_account_token", "ops_eyJ" + r(B64, 300));
    m.put("age_secret_key", "AGE-SECRET-KEY-1" + r("QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L", 58));
    m.put("okta_api_token", "OKTA_API_TOKEN=00" + r(B64URL, 40));
    m.put("plaid_access_token", "access-sandbox-" + uuid());
    m.put("jwt", "Cookie: session=" + jwt());
    m.put("putty_private_key", "PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: k\nPublic-Lines: 2\n"
        + r(B64, 64) + "\n" + r(B64, 12) + "\nPrivate-Lines: 1\n" + r(B64, 44) + "\nPrivate-MAC: " + hex(64) + "\n");
    m.put("private_key_pkcs8", pem(""));
    m.put("private_key_rsa", pem("RSA "));
    m.put("private_key_ec", pem("EC "));
    m.put("private_key_dsa", pem("DSA "));
    m.put("openssh_private_key", pem("OPENSSH "));
    m.put("encrypted_private_key", pem("ENCRYPTED "));
    m.put("pgp_private_key", "-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n" + r(B64, 64) + "\n" + r(B64, 64) + "\n=" + r(B64, 4) + "\n-----END PGP PRIVATE KEY BLOCK-----");
    m.put("private_key", pem("X509 CUSTOM "));
    m.put("postgres_url_password", "DATABASE_URL=postgres://app:" + r(ALNUM, 16) + "@db.internal:5432/app");
    m.put("mysql_url_password", "mysql://root:" + r(ALNUM, 16) + "@localhost/db");
    m.put("mongodb_url_password", "mongodb+srv://u:" + r(ALNUM, 16) + "@cluster0.mongodb.net/test");
    m.put("redis_url_password", "redis://default:" + r(ALNUM, 16) + "@cache:6379/0");
    m.put("amqp_url_password", "amqps://guest:" + r(ALNUM, 16) + "@mq:5671/");
    m.put("mssql_url_password", "sqlserver://sa:" + r(ALNUM, 16) + "@db:1433");
    m.put("ldap_url_password", "ldap://cn=admin:" + r(ALNUM, 16) + "@ldap.corp/");
    m.put("ftp_url_password", "ftp://deploy:" + r(ALNUM, 16) + "@files.corp/");
    m.put("smtp_url_password", "smtp://mailer:" + r(ALNUM, 16) + "@smtp.corp:587");
    m.put("url_basic_auth", "https://admin:" + r(ALNUM, 16) + "@internal.corp/api");
    m.put("basic_auth_header", "Authorization: Basic " + Base64.getEncoder().encodeToString(("alice:" + r(ALNUM, 14)).getBytes()));
    m.put("bearer_token", "Authorization: Bearer " + r(ALNUM, 48));
    m.put("password_assignment", "db.password = \"" + r(ALNUM, 10) + "!\"");
    m.put("secret_assignment", "client_secret: " + r(ALNUM, 32));
    m.put("api_key_assignment", "SERVICE_API_KEY=\"" + r(ALNUM, 32) + "\"");
    m.put("credential_assignment", "credential = '" + r(ALNUM, 32) + "'");
    return m;
  }
}
