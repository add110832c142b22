package dev.ironclaw4j.guard.leak;

import static dev.ironclaw4j.guard.leak.Finding.Action.BLOCK;
import static dev.ironclaw4j.guard.leak.Finding.Action.REDACT;
import static dev.ironclaw4j.guard.leak.Finding.Action.WARN;

import com.google.re2j.Pattern;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The catalogue of credential formats. Every pattern is RE2 (linear time) and every repetition is
 * bounded, so a match never spans more than {@link Rule#MAX_SPAN} characters. Formats with a checksum
 * are validated (GitHub classic tokens, npm tokens); values that look like documentation examples or
 * placeholders are dropped by the checks.
 */
final class Rules {
  private Rules() {}

  private static final Predicate<String> ANY = Checks::real;
  private static final Predicate<String> CRC = v -> Checks.base62Crc32(v) && Checks.real(v);

  // Characters that may follow '=' or ':' in an assignment before the value starts.
  private static final String ASSIGN = "\\\\?[\"'`]?[ \\t]{0,4}(?:=|:=|=>|:|\\+=)[ \\t]{0,4}(?:\\\\?[\"'`]|[a-zA-Z]?[\"'])?";

  static List<Rule> all() {
    List<Rule> r = new ArrayList<>();
    // ---- Cloud providers
    inner(r, "aws_access_key_id", "(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z2-7]{16}", 20, 0.95, BLOCK, ANY, "AKIA", "ASIA", "ABIA", "ACCA", "A3T");
    ctx(r, "aws_secret_access_key", "(?i)(?:aws)?_?secret_?access_?key" + ASSIGN + "([A-Za-z0-9/+]{40})(?:[^A-Za-z0-9/+]|$)", 120, 0.9, BLOCK, ANY,
        "secret_access_key", "secretaccesskey", "secret-access-key");
    ctx(r, "aws_session_token", "(?i)(?:aws)?_?session_?token" + ASSIGN + "([A-Za-z0-9/+=]{100,2048})", 2200, 0.9, BLOCK, ANY, "session_token", "sessiontoken");
    prefix(r, "aws_mws_key", "amzn\\.mws\\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", 50, 0.95, BLOCK, ANY, "amzn.mws.");
    ctx(r, "gcp_private_key_id", "\"private_key_id\"[ \\t]{0,4}:[ \\t]{0,4}\"([0-9a-f]{40})\"", 80, 0.9, BLOCK, ANY, "\"private_key_id\"");
    prefix(r, "google_api_key", "AIza[0-9A-Za-z_-]{35}", 39, 0.9, BLOCK, ANY, "AIza");
    prefix(r, "google_oauth_client_secret", "GOCSPX-[0-9A-Za-z_-]{28}", 35, 0.95, BLOCK, ANY, "GOCSPX-");
    prefix(r, "google_oauth_access_token", "ya29\\.[0-9A-Za-z_-]{30,1024}", 1030, 0.9, BLOCK, ANY, "ya29.");
    prefix(r, "google_oauth_refresh_token", "1//0[0-9A-Za-z_-]{40,512}", 520, 0.8, BLOCK, ANY, "1//0");
    ctx(r, "azure_storage_account_key", "(?i)AccountKey=([A-Za-z0-9+/]{86}==)", 110, 0.95, BLOCK, ANY, "accountkey=");
    ctx(r, "azure_shared_access_key", "(?i)SharedAccessKey=([A-Za-z0-9+/]{42,44}=?)", 80, 0.95, BLOCK, ANY, "sharedaccesskey=");
    ctx(r, "azure_sas_token", "sv=\\d{4}-\\d\\d-\\d\\d&[A-Za-z0-9%&=:._-]{0,300}?sig=([A-Za-z0-9%+/]{40,100})", 420, 0.9, BLOCK, ANY, "sv=");
    inner(r, "azure_ad_client_secret", "[A-Za-z0-9_~.]{3}\\dQ~[A-Za-z0-9_~.-]{31,34}", 40, 0.85, BLOCK, ANY, "Q~");
    prefix(r, "alibaba_access_key_id", "LTAI[A-Za-z0-9]{20}", 24, 0.85, BLOCK, ANY, "LTAI");
    prefix(r, "tencent_secret_id", "AKID[A-Za-z0-9]{32}", 36, 0.85, BLOCK, ANY, "AKID");
    prefix(r, "digitalocean_pat", "dop_v1_[a-f0-9]{64}", 71, 0.95, BLOCK, ANY, "dop_v1_");
    prefix(r, "digitalocean_oauth_token", "doo_v1_[a-f0-9]{64}", 71, 0.95, BLOCK, ANY, "doo_v1_");
    prefix(r, "digitalocean_refresh_token", "dor_v1_[a-f0-9]{64}", 71, 0.95, BLOCK, ANY, "dor_v1_");
    prefix(r, "heroku_api_key", "HRKU-[A-Za-z0-9_-]{60}", 65, 0.95, BLOCK, ANY, "HRKU-");
    ctx(r, "heroku_api_key_legacy", "(?i)heroku[A-Za-z0-9_.-]{0,20}" + ASSIGN + "([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})", 100, 0.8, BLOCK, ANY, "heroku");
    inner(r, "terraform_cloud_token", "[A-Za-z0-9]{14}\\.atlasv1\\.[A-Za-z0-9_=-]{60,70}", 90, 0.95, BLOCK, ANY, ".atlasv1.");
    prefix(r, "hashicorp_vault_token", "hv[sb]\\.[A-Za-z0-9_-]{90,120}", 124, 0.95, BLOCK, ANY, "hvs.", "hvb.");
    prefix(r, "pulumi_access_token", "pul-[a-f0-9]{40}", 44, 0.95, BLOCK, ANY, "pul-");
    prefix(r, "doppler_token", "dp\\.(?:pt|st|ct|sa|scim|audit)\\.[A-Za-z0-9]{40,44}", 60, 0.95, BLOCK, ANY, "dp.pt.", "dp.st.", "dp.ct.", "dp.sa.", "dp.scim.", "dp.audit.");
    prefix(r, "databricks_token", "dapi[a-f0-9]{32}(?:-\\d)?", 38, 0.9, BLOCK, ANY, "dapi");
    prefix(r, "cloudflare_origin_ca_key", "v1\\.0-[a-f0-9]{24}-[a-f0-9]{146}", 180, 0.95, BLOCK, ANY, "v1.0-");
    prefix(r, "flyio_token", "FlyV1 fm[12]_[A-Za-z0-9+/=,_-]{100,1000}", 1020, 0.95, BLOCK, ANY, "FlyV1 fm");
    prefix(r, "supabase_access_token", "sbp_[a-f0-9]{40}", 44, 0.95, BLOCK, ANY, "sbp_");
    prefix(r, "supabase_secret_key", "sb_secret_[A-Za-z0-9_-]{31,40}", 50, 0.95, BLOCK, ANY, "sb_secret_");
    prefix(r, "planetscale_token", "pscale_(?:tkn|pw|oauth)_[A-Za-z0-9_.-]{32,64}", 76, 0.95, BLOCK, ANY, "pscale_");
    prefix(r, "dynatrace_token", "dt0c01\\.[A-Z0-9]{24}\\.[A-Z0-9]{64}", 96, 0.95, BLOCK, ANY, "dt0c01.");
    prefix(r, "newrelic_user_api_key", "NRAK-[A-Z0-9]{27}", 32, 0.95, BLOCK, ANY, "NRAK-");
    prefix(r, "newrelic_insert_key", "NRII-[A-Za-z0-9_-]{32}", 37, 0.95, BLOCK, ANY, "NRII-");
    prefix(r, "grafana_cloud_token", "glc_[A-Za-z0-9+/]{32,400}={0,2}", 410, 0.95, BLOCK, ANY, "glc_");
    prefix(r, "grafana_service_account_token", "glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}", 46, 0.95, BLOCK, ANY, "glsa_");
    ctx(r, "datadog_api_key", "(?i)(?:datadog|dd)_?api_?key" + ASSIGN + "([a-f0-9]{32})(?:[^a-f0-9]|$)", 80, 0.85, BLOCK, ANY, "datadog", "dd_api", "ddapi");
    prefix(r, "sentry_auth_token", "sntry[su]_[A-Za-z0-9+/=_-]{60,400}", 410, 0.95, BLOCK, ANY, "sntrys_", "sntryu_");
    // ---- Source hosts and CI
    prefix(r, "github_pat", "ghp_[A-Za-z0-9]{36}", 40, 0.99, BLOCK, CRC, "ghp_");
    prefix(r, "github_oauth_token", "gho_[A-Za-z0-9]{36}", 40, 0.99, BLOCK, CRC, "gho_");
    prefix(r, "github_user_to_server_token", "ghu_[A-Za-z0-9]{36}", 40, 0.99, BLOCK, CRC, "ghu_");
    prefix(r, "github_app_installation_token", "ghs_[A-Za-z0-9]{36}", 40, 0.99, BLOCK, CRC, "ghs_");
    prefix(r, "github_refresh_token", "ghr_[A-Za-z0-9]{36}", 40, 0.99, BLOCK, CRC, "ghr_");
    prefix(r, "github_fine_grained_pat", "github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}", 93, 0.97, BLOCK, ANY, "github_pat_");
    prefix(r, "gitlab_pat", "glpat-[A-Za-z0-9_-]{20,50}", 56, 0.97, BLOCK, ANY, "glpat-");
    prefix(r, "gitlab_pipeline_trigger_token", "glptt-[0-9a-f]{40}", 46, 0.97, BLOCK, ANY, "glptt-");
    prefix(r, "gitlab_runner_token", "glrt-[A-Za-z0-9_-]{20,50}", 55, 0.97, BLOCK, ANY, "glrt-");
    prefix(r, "gitlab_runner_registration_token", "GR1348941[A-Za-z0-9_-]{20}", 29, 0.97, BLOCK, ANY, "GR1348941");
    prefix(r, "gitlab_deploy_token", "gldt-[A-Za-z0-9_-]{20,50}", 55, 0.97, BLOCK, ANY, "gldt-");
    prefix(r, "gitlab_feed_token", "glft-[A-Za-z0-9_-]{20,50}", 55, 0.97, BLOCK, ANY, "glft-");
    prefix(r, "gitlab_oauth_app_secret", "gloas-[A-Za-z0-9_-]{64}", 70, 0.97, BLOCK, ANY, "gloas-");
    prefix(r, "gitlab_scim_token", "glsoat-[A-Za-z0-9_-]{20,50}", 57, 0.97, BLOCK, ANY, "glsoat-");
    prefix(r, "gitlab_cicd_job_token", "glcbt-[A-Za-z0-9_-]{20,60}", 66, 0.97, BLOCK, ANY, "glcbt-");
    prefix(r, "gitlab_incoming_mail_token", "glimt-[A-Za-z0-9_-]{25}", 31, 0.97, BLOCK, ANY, "glimt-");
    prefix(r, "gitlab_agent_token", "glagent-[A-Za-z0-9_-]{50}", 58, 0.97, BLOCK, ANY, "glagent-");
    prefix(r, "bitbucket_app_password", "ATBB[A-Za-z0-9_=.-]{32}", 36, 0.9, BLOCK, ANY, "ATBB");
    prefix(r, "atlassian_api_token", "ATATT3[A-Za-z0-9_=-]{170,260}", 270, 0.95, BLOCK, ANY, "ATATT3");
    prefix(r, "circleci_pat", "CCIPAT_[A-Za-z0-9]{22}_[a-f0-9]{40}", 70, 0.95, BLOCK, ANY, "CCIPAT_");
    prefix(r, "buildkite_token", "bkua_[a-f0-9]{40}", 45, 0.95, BLOCK, ANY, "bkua_");
    prefix(r, "sonarqube_token", "sq[pua]_[a-f0-9]{40}", 44, 0.95, BLOCK, ANY, "sqp_", "squ_", "sqa_");
    prefix(r, "jfrog_identity_token", "cmVmdGtuOjAxOj[A-Za-z0-9]{40,100}", 120, 0.9, BLOCK, ANY, "cmVmdGtuOjAxOj");
    prefix(r, "jfrog_api_key", "AKCp[A-Za-z0-9]{69}", 73, 0.9, BLOCK, ANY, "AKCp");
    prefix(r, "octopus_deploy_api_key", "API-[A-Z0-9]{26}", 30, 0.85, BLOCK, ANY, "API-");
    // ---- Chat platforms and webhooks
    prefix(r, "slack_bot_token", "xoxb-[0-9]{10,13}-[0-9]{10,13}-[A-Za-z0-9]{24,34}", 70, 0.97, BLOCK, ANY, "xoxb-");
    prefix(r, "slack_user_token", "xoxp-[0-9]{10,13}-[0-9]{10,13}-[0-9]{10,13}-[a-f0-9]{32}", 90, 0.97, BLOCK, ANY, "xoxp-");
    prefix(r, "slack_app_token", "xapp-\\d-[A-Z0-9]{9,12}-\\d{10,14}-[a-f0-9]{64}", 100, 0.97, BLOCK, ANY, "xapp-");
    prefix(r, "slack_config_token", "xoxe\\.xox[bp]-\\d-[A-Za-z0-9]{160,170}", 190, 0.97, BLOCK, ANY, "xoxe.xox");
    prefix(r, "slack_legacy_token", "xox[ars]-(?:\\d+-){1,4}[A-Za-z0-9]{24,64}", 120, 0.9, BLOCK, ANY, "xoxa-", "xoxr-", "xoxs-");
    inner(r, "slack_webhook_url", "https://hooks\\.slack\\.com/(?:services|workflows|triggers)/[A-Za-z0-9]{8,12}/[A-Za-z0-9]{8,12}/[A-Za-z0-9]{24,48}", 130, 0.95, BLOCK, ANY, "hooks.slack.com/");
    inner(r, "discord_webhook_url", "https://(?:ptb\\.|canary\\.)?discord(?:app)?\\.com/api/webhooks/\\d{16,20}/[A-Za-z0-9_-]{60,70}", 140, 0.95, BLOCK, ANY, "discord.com/api/webhooks/", "discordapp.com/api/webhooks/");
    ctx(r, "discord_bot_token", "(?i)discord[^\\n]{0,40}?([MNO][A-Za-z0-9_-]{23,25}\\.[A-Za-z0-9_-]{6}\\.[A-Za-z0-9_-]{27,38})", 120, 0.9, BLOCK, ANY, "discord");
    r.add(new Rule("telegram_bot_token", List.of(":AA"), 12, 40,
        compile("([0-9]{8,10}:AA[A-Za-z0-9_-]{33})(?:[^A-Za-z0-9_-]|$)"), 1, false, 0.95, BLOCK, ANY, false));
    inner(r, "teams_webhook_url", "https://[a-z0-9-]{1,60}\\.webhook\\.office\\.com/webhookb2/[A-Za-z0-9@/._-]{40,300}", 400, 0.9, BLOCK, ANY, ".webhook.office.com/webhookb2/");
    // ---- Payment and commerce
    prefix(r, "stripe_secret_key", "sk_live_[0-9a-zA-Z]{24,99}", 107, 0.97, BLOCK, ANY, "sk_live_");
    prefix(r, "stripe_test_secret_key", "sk_test_[0-9a-zA-Z]{24,99}", 107, 0.8, REDACT, ANY, "sk_test_");
    prefix(r, "stripe_restricted_key", "rk_(?:live|test)_[0-9a-zA-Z]{24,99}", 107, 0.95, BLOCK, ANY, "rk_live_", "rk_test_");
    prefix(r, "stripe_webhook_secret", "whsec_[A-Za-z0-9+/]{32,64}", 70, 0.95, BLOCK, ANY, "whsec_");
    prefix(r, "square_access_token", "sq0atp-[0-9A-Za-z_-]{22}", 29, 0.95, BLOCK, ANY, "sq0atp-");
    prefix(r, "square_oauth_secret", "sq0csp-[0-9A-Za-z_-]{43}", 50, 0.95, BLOCK, ANY, "sq0csp-");
    prefix(r, "braintree_access_token", "access_token\\$production\\$[0-9a-z]{16}\\$[0-9a-f]{32}", 80, 0.95, BLOCK, ANY, "access_token$production$");
    prefix(r, "shopify_access_token", "shpat_[a-fA-F0-9]{32}", 38, 0.95, BLOCK, ANY, "shpat_");
    prefix(r, "shopify_custom_app_token", "shpca_[a-fA-F0-9]{32}", 38, 0.95, BLOCK, ANY, "shpca_");
    prefix(r, "shopify_private_app_token", "shppa_[a-fA-F0-9]{32}", 38, 0.95, BLOCK, ANY, "shppa_");
    prefix(r, "shopify_shared_secret", "shpss_[a-fA-F0-9]{32}", 38, 0.95, BLOCK, ANY, "shpss_");
    prefix(r, "flutterwave_secret_key", "FLWSECK(?:_TEST)?-[a-f0-9]{32}-X", 50, 0.95, BLOCK, ANY, "FLWSECK");
    prefix(r, "shippo_api_token", "shippo_(?:live|test)_[a-f0-9]{40}", 52, 0.95, BLOCK, ANY, "shippo_");
    prefix(r, "easypost_api_key", "EZ[AT]K[A-Za-z0-9]{54}", 58, 0.95, BLOCK, ANY, "EZAK", "EZTK");
    prefix(r, "duffel_api_token", "duffel_(?:test|live)_[A-Za-z0-9_=-]{43}", 55, 0.95, BLOCK, ANY, "duffel_");
    // ---- Messaging and e-mail
    inner(r, "twilio_api_key", "SK[0-9a-fA-F]{32}", 34, 0.8, BLOCK, ANY, "SK");
    ctx(r, "twilio_auth_token", "(?i)twilio[A-Za-z0-9_.-]{0,30}" + ASSIGN + "([0-9a-f]{32})(?:[^0-9a-f]|$)", 90, 0.85, BLOCK, ANY, "twilio");
    prefix(r, "sendgrid_api_key", "SG\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}", 69, 0.97, BLOCK, ANY, "SG.");
    prefix(r, "mailgun_api_key", "key-[0-9a-f]{32}", 36, 0.85, BLOCK, ANY, "key-");
    inner(r, "mailchimp_api_key", "[0-9a-f]{32}-us[0-9]{1,2}", 40, 0.9, BLOCK, ANY, "-us");
    prefix(r, "brevo_api_key", "xkeysib-[a-f0-9]{64}-[A-Za-z0-9]{16}", 90, 0.95, BLOCK, ANY, "xkeysib-");
    inner(r, "firebase_cloud_messaging_key", "AAAA[A-Za-z0-9_-]{7}:APA91b[A-Za-z0-9_-]{134}", 150, 0.95, BLOCK, ANY, ":APA91b");
    // ---- AI providers
    inner(r, "openai_api_key", "sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{16,200}T3BlbkFJ[A-Za-z0-9_-]{16,200}", 420, 0.97, BLOCK, ANY, "T3BlbkFJ");
    prefix(r, "openai_project_key", "sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{80,200}", 210, 0.9, BLOCK, ANY, "sk-proj-", "sk-svcacct-", "sk-admin-");
    prefix(r, "anthropic_api_key", "sk-ant-api03-[A-Za-z0-9_-]{93}AA", 110, 0.99, BLOCK, ANY, "sk-ant-api03-");
    prefix(r, "anthropic_admin_key", "sk-ant-admin01-[A-Za-z0-9_-]{93}AA", 112, 0.99, BLOCK, ANY, "sk-ant-admin01-");
    prefix(r, "openrouter_api_key", "sk-or-v1-[a-f0-9]{64}", 73, 0.97, BLOCK, ANY, "sk-or-v1-");
    prefix(r, "huggingface_token", "hf_[A-Za-z]{34}", 37, 0.9, BLOCK, ANY, "hf_");
    prefix(r, "huggingface_org_token", "api_org_[A-Za-z]{34}", 42, 0.9, BLOCK, ANY, "api_org_");
    prefix(r, "groq_api_key", "gsk_[A-Za-z0-9]{52}", 56, 0.95, BLOCK, ANY, "gsk_");
    prefix(r, "perplexity_api_key", "pplx-[A-Za-z0-9]{48}", 53, 0.95, BLOCK, ANY, "pplx-");
    prefix(r, "replicate_api_token", "r8_[A-Za-z0-9]{37}", 40, 0.9, BLOCK, ANY, "r8_");
    prefix(r, "xai_api_key", "xai-[A-Za-z0-9]{80}", 84, 0.95, BLOCK, ANY, "xai-");
    prefix(r, "langsmith_api_key", "lsv2_(?:pt|sk)_[a-f0-9]{32}_[a-f0-9]{10}", 56, 0.95, BLOCK, ANY, "lsv2_");
    prefix(r, "pinecone_api_key", "pcsk_[A-Za-z0-9_]{40,90}", 96, 0.95, BLOCK, ANY, "pcsk_");
    prefix(r, "tavily_api_key", "tvly-(?:dev-|prod-)?[A-Za-z0-9]{32}", 42, 0.95, BLOCK, ANY, "tvly-");
    // ---- Package registries
    prefix(r, "npm_token", "npm_[A-Za-z0-9]{36}", 40, 0.99, BLOCK, CRC, "npm_");
    prefix(r, "pypi_token", "pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,1000}", 1020, 0.99, BLOCK, ANY, "pypi-AgEIcHlwaS5vcmc");
    prefix(r, "dockerhub_pat", "dckr_pat_[A-Za-z0-9_-]{27}", 36, 0.97, BLOCK, ANY, "dckr_pat_");
    prefix(r, "dockerhub_org_token", "dckr_oat_[A-Za-z0-9_-]{32}", 41, 0.97, BLOCK, ANY, "dckr_oat_");
    prefix(r, "rubygems_api_key", "rubygems_[a-f0-9]{48}", 57, 0.97, BLOCK, ANY, "rubygems_");
    prefix(r, "clojars_token", "CLOJARS_[a-z0-9]{60}", 68, 0.95, BLOCK, ANY, "CLOJARS_");
    prefix(r, "nuget_api_key", "oy2[a-z0-9]{43}", 46, 0.85, BLOCK, ANY, "oy2");
    // ---- SaaS
    prefix(r, "linear_api_key", "lin_api_[A-Za-z0-9]{40}", 48, 0.95, BLOCK, ANY, "lin_api_");
    prefix(r, "notion_token", "(?:ntn_[0-9]{11}[A-Za-z0-9]{35}|secret_[A-Za-z0-9]{43})", 50, 0.9, BLOCK, ANY, "ntn_", "secret_");
    prefix(r, "postman_api_key", "PMAK-[a-f0-9]{24}-[a-f0-9]{34}", 64, 0.95, BLOCK, ANY, "PMAK-");
    prefix(r, "contentful_pat", "CFPAT-[A-Za-z0-9_-]{43}", 49, 0.95, BLOCK, ANY, "CFPAT-");
    prefix(r, "figma_pat", "figd_[A-Za-z0-9_-]{40}", 45, 0.95, BLOCK, ANY, "figd_");
    prefix(r, "typeform_pat", "tfp_[A-Za-z0-9_.=-]{59}", 63, 0.95, BLOCK, ANY, "tfp_");
    prefix(r, "adafruit_io_key", "aio_[A-Za-z0-9]{28}", 32, 0.9, BLOCK, ANY, "aio_");
    prefix(r, "frameio_token", "fio-u-[A-Za-z0-9_=-]{64}", 70, 0.95, BLOCK, ANY, "fio-u-");
    prefix(r, "readme_api_key", "rdme_[a-z0-9]{70}", 75, 0.95, BLOCK, ANY, "rdme_");
    prefix(r, "prefect_api_key", "pnu_[A-Za-z0-9]{36}", 40, 0.95, BLOCK, ANY, "pnu_");
    prefix(r, "mapbox_secret_token", "sk\\.eyJ[A-Za-z0-9_-]{50,300}\\.[A-Za-z0-9_-]{20,40}", 350, 0.95, BLOCK, ANY, "sk.eyJ");
    prefix(r, "onepassword_service_account_token", "ops_eyJ[A-Za-z0-9+/=_-]{250,1200}", 1210, 0.95, BLOCK, ANY, "ops_eyJ");
    prefix(r, "age_secret_key", "AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}", 74, 0.99, BLOCK, ANY, "AGE-SECRET-KEY-1");
    ctx(r, "okta_api_token", "(?i)okta[A-Za-z0-9_.-]{0,30}" + ASSIGN + "(00[A-Za-z0-9_-]{40})", 100, 0.85, BLOCK, ANY, "okta");
    prefix(r, "plaid_access_token", "access-(?:sandbox|development|production)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", 75, 0.95, BLOCK, ANY, "access-sandbox-", "access-development-", "access-production-");
    // ---- Tokens and keys in standard formats
    prefix(r, "jwt", "eyJ[A-Za-z0-9_-]{8,2048}\\.eyJ[A-Za-z0-9_-]{8,8192}\\.[A-Za-z0-9_-]{16,1024}", 11_300, 0.9, BLOCK, Checks::jwt, "eyJ");
    r.add(new Rule("putty_private_key", List.of("PuTTY-User-Key-File-"), 0, 12_000,
        compile("PuTTY-User-Key-File-[23]: [^\\n]{1,64}\\n(?:[^\\n]{0,160}\\n){1,80}?Private-MAC: [0-9a-f]{40,64}"),
        0, false, 0.99, BLOCK, v -> true, false));
    // PEM / OpenSSH / PGP private key blocks: the pattern matches the BEGIN line; the engine extends
    // the span by hand to the END line (or, without one, over the base64 body), within 16 KiB.
    r.add(new Rule("private_key", List.of("-----BEGIN"), 0, 17_000,
        compile("-----BEGIN ([A-Z0-9]{1,12} ){0,2}PRIVATE KEY(?: BLOCK)?-----"),
        0, false, 0.99, BLOCK, v -> true, false));
    // ---- URLs with credentials, headers and assignments
    r.add(new Rule("url_password", List.of("://"), 26, 400,
        compile("([a-z][a-z0-9+.-]{1,24})://[^\\s:/@\"'<>]{1,128}:([^\\s@\"'<>/]{3,256})@[A-Za-z0-9\\[]"),
        2, false, 0.9, BLOCK, Checks::urlPassword, false));
    ctx(r, "basic_auth_header", "(?i)authorization[\"']?[ \\t]{0,4}[:=][ \\t]{0,4}[\"']?basic[ \\t]{1,4}([A-Za-z0-9+/]{8,1024}={0,2})", 1100, 0.9, BLOCK, Checks::basicAuth, "authorization");
    ctx(r, "bearer_token", "(?i)authorization[\"']?[ \\t]{0,4}[:=][ \\t]{0,4}[\"']?bearer[ \\t]{1,4}([A-Za-z0-9._~+/-]{16,4096}=*)", 4200, 0.85, REDACT, Checks::real, "authorization");
    ctx(r, "password_assignment",
        "(?i)(?:password|passwd|passphrase|pwd|db_pass|_pass)[A-Za-z0-9_.-]{0,24}" + ASSIGN + "([^\\s\"'`;,<>{}()\\[\\]\\\\]{6,128})",
        200, 0.75, REDACT, Checks::password, "password", "passwd", "passphrase", "pwd", "_pass");
    ctx(r, "secret_assignment",
        "(?i)(?:secret|client_secret|clientsecret|private_key|privatekey|signing_key|encryption_key|master_key)[A-Za-z0-9_.-]{0,24}" + ASSIGN + "([^\\s\"'`;,<>{}()\\[\\]\\\\]{8,256})",
        320, 0.7, REDACT, Checks::highEntropy, "secret", "private_key", "privatekey", "signing_key", "encryption_key", "master_key");
    ctx(r, "api_key_assignment",
        "(?i)(?:api[_-]?key|apikey|api[_-]?token|access[_-]?token|auth[_-]?token|access[_-]?key|app[_-]?key|token)[A-Za-z0-9_.-]{0,24}" + ASSIGN + "([A-Za-z0-9_./+=~-]{16,256})",
        320, 0.7, REDACT, Checks::highEntropy, "api_key", "api-key", "apikey", "api_token", "api-token", "access_token", "access-token", "accesstoken", "auth_token", "authtoken", "access_key", "accesskey", "app_key", "appkey", "token");
    ctx(r, "credential_assignment",
        "(?i)(?:credential|credentials|auth|cred)[A-Za-z0-9_.-]{0,24}" + ASSIGN + "([A-Za-z0-9_./+=~-]{20,256})",
        320, 0.6, WARN, Checks::highEntropy, "credential");
    return List.copyOf(r);
  }

  private static final java.util.regex.Pattern LONG_REPEAT = java.util.regex.Pattern.compile("\\{(\\d+),(\\d+)\\}");

  /**
   * Compiles with RE2. Counted repetitions above 256 become open-ended ({@code {m,}}): RE2 unrolls
   * counted repetitions into the program, and the scan window already bounds how far a match can
   * reach; the engine clips any match longer than its rule's window.
   */
  static Pattern compile(String regex) {
    java.util.regex.Matcher m = LONG_REPEAT.matcher(regex);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      int max = Integer.parseInt(m.group(2));
      m.appendReplacement(sb, max > 256 ? "{" + m.group(1) + ",}" : m.group());
    }
    m.appendTail(sb);
    return Pattern.compile(sb.toString());
  }

  /** A token with a literal prefix: the match starts at the anchor. */
  private static void prefix(List<Rule> r, String type, String regex, int maxLen, double conf, Finding.Action action,
      Predicate<String> check, String... anchors) {
    r.add(new Rule(type, List.of(anchors), 0, maxLen, compile(regex), 0, true, conf, action, check, false));
  }

  /** A token whose anchor may sit anywhere inside it. */
  private static void inner(List<Rule> r, String type, String regex, int maxLen, double conf, Finding.Action action,
      Predicate<String> check, String... anchors) {
    r.add(new Rule(type, List.of(anchors), maxLen, maxLen, compile(regex), 0, true, conf, action, check, false));
  }

  /**
   * A value recognised by its context (a keyword before it); the last group is the secret. Every
   * match starts at an anchor (the anchors are the keywords), so matching is anchored.
   */
  private static void ctx(List<Rule> r, String type, String regex, int maxLen, double conf, Finding.Action action,
      Predicate<String> check, String... anchors) {
    Pattern p = compile(regex);
    r.add(new Rule(type, List.of(anchors), 0, maxLen, p, p.groupCount(), false, conf, action, check, regex.contains(ASSIGN)));
  }

  private static final java.util.Map<String, String> URL_SCHEMES = java.util.Map.ofEntries(
      java.util.Map.entry("postgres", "postgres_url_password"), java.util.Map.entry("postgresql", "postgres_url_password"),
      java.util.Map.entry("mysql", "mysql_url_password"), java.util.Map.entry("mariadb", "mysql_url_password"),
      java.util.Map.entry("mongodb", "mongodb_url_password"), java.util.Map.entry("mongodb+srv", "mongodb_url_password"),
      java.util.Map.entry("redis", "redis_url_password"), java.util.Map.entry("rediss", "redis_url_password"),
      java.util.Map.entry("amqp", "amqp_url_password"), java.util.Map.entry("amqps", "amqp_url_password"),
      java.util.Map.entry("mssql", "mssql_url_password"), java.util.Map.entry("sqlserver", "mssql_url_password"),
      java.util.Map.entry("ldap", "ldap_url_password"), java.util.Map.entry("ldaps", "ldap_url_password"),
      java.util.Map.entry("ftp", "ftp_url_password"), java.util.Map.entry("sftp", "ftp_url_password"),
      java.util.Map.entry("smtp", "smtp_url_password"), java.util.Map.entry("smtps", "smtp_url_password"));

  /**
   * The reported type for a match of a rule whose type depends on the match: the URL scheme for
   * credentials in URLs, the key label for private key blocks.
   */
  static String refine(Rule rule, com.google.re2j.Matcher m) {
    return switch (rule.type()) {
      case "url_password" -> URL_SCHEMES.getOrDefault(m.group(1).toLowerCase(java.util.Locale.ROOT), "url_basic_auth");
      case "private_key" -> {
        String label = m.group(1) == null ? "" : m.group(1).strip();
        yield switch (label) {
          case "" -> "private_key_pkcs8";
          case "RSA" -> "private_key_rsa";
          case "EC" -> "private_key_ec";
          case "DSA" -> "private_key_dsa";
          case "OPENSSH" -> "openssh_private_key";
          case "ENCRYPTED" -> "encrypted_private_key";
          case "PGP" -> "pgp_private_key";
          default -> "private_key";
        };
      }
      default -> rule.type();
    };
  }

  /** Every type a finding from {@link #all()} can have (for documentation and tests). */
  static java.util.SortedSet<String> types() {
    java.util.TreeSet<String> t = new java.util.TreeSet<>();
    for (Rule r : all()) {
      if (!r.type().equals("url_password") && !r.type().equals("private_key")) {
        t.add(r.type());
      }
    }
    t.addAll(URL_SCHEMES.values());
    t.add("url_basic_auth");
    t.addAll(java.util.List.of("private_key_pkcs8", "private_key_rsa", "private_key_ec", "private_key_dsa",
        "openssh_private_key", "encrypted_private_key", "pgp_private_key", "private_key"));
    return t;
  }
}
