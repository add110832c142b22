package dev.ironclaw4j.guard.safety;

import static dev.ironclaw4j.guard.safety.Family.EXFILTRATION;
import static dev.ironclaw4j.guard.safety.Family.OVERRIDE;
import static dev.ironclaw4j.guard.safety.Family.ROLE_SPOOF;
import static dev.ironclaw4j.guard.safety.Family.TOOL_HIJACK;
import static dev.ironclaw4j.guard.safety.Rule.Span.MATCH;
import static dev.ironclaw4j.guard.safety.Rule.Span.SENTENCE;
import static dev.ironclaw4j.guard.safety.Severity.CRITICAL;
import static dev.ironclaw4j.guard.safety.Severity.HIGH;
import static dev.ironclaw4j.guard.safety.Severity.MEDIUM;

import java.util.ArrayList;
import java.util.List;

/**
 * The built-in detection rules. Every pattern is RE2 (linear time), written against a lower-cased
 * view in which diacritics of Latin letters are gone and white space is one space (a literal space in
 * a pattern below means "one run of white space"). Markdown image beacons are checked in code
 * ({@link Beacons}) because they need the host allow-list.
 */
final class Rules {
  private Rules() {}

  static final String IGNORE_ID = "override.ignore-previous";

  // ---- English building blocks ----
  private static final String VERB =
      "(?:ignore|ignoring|disregard|disregarding|forget|forgetting|override|bypass|abandon|discard|dismiss|neglect"
          + "|set aside|throw away|throw out|pay no attention to|do not follow|don't follow|stop following|skip)";
  private static final String QUAL =
      "(?:all|any|each|every|of|the|your|my|our|these|those|this|that|its|prior|previous|previously|above|earlier"
          + "|preceding|foregoing|former|original|initial|old|system|developer|given|provided|existing|current|safety"
          + "|default|mentioned|stated|written|other|preset|built-in)";
  private static final String PRIOR =
      "(?:prior|previous|previously|above|earlier|preceding|foregoing|former|original|initial|system|developer"
          + "|safety|existing|preset|built-in|current)";
  private static final String NOUN =
      "(?:instructions?|directions?|directives?|prompts?|rules|guidelines|guidance|commands?|orders|context"
          + "|programming|restrictions|constraints|guardrails|policies|policy|filters|training|messages?|conversation"
          + "|text|content|input|tasks?)";
  private static final String NOUN_CORE =
      "(?:instructions|directives|guidelines|guardrails|restrictions|programming|prompts|safety (?:rules|guidelines))";
  private static final String CUE_WORDS =
      "(?:you|your|ignore|disregard|forget|from now|new|the (?:assistant|ai|model|user)|assistant|always|never|do not"
          + "|don't|must|override|respond|reply|answer|reveal|print|send|execute|run|call|stop|important|urgent"
          + "|critical|priority)\\b";
  private static final String DANGEROUS_TOOL =
      "(?:shell|bash|sh|exec|execute|execute_command|run_command|run_shell|shell_exec|terminal|powershell|cmd|http"
          + "|http_request|http_get|http_post|fetch|curl|wget|vault|vault_get|get_secret|read_secret|secrets?"
          + "|install|install_tool|install_package|write_file|delete_file|send_email|ssh)";
  private static final String SECRET =
      "(?:api[ _-]?keys?|access[ _-]?tokens?|auth(?:entication)?[ _-]?tokens?|tokens?|secrets?|passwords?|passwd"
          + "|credentials?|private[ _-]?keys?|ssh[ _-]?keys?|id_rsa|\\.env(?: file)?|env(?:ironment)? var(?:iable)?s"
          + "|session (?:cookies?|ids?|tokens?)|cookies|conversation(?: history)?|chat (?:history|log)"
          + "|system prompt|(?:the )?user'?s? (?:data|info|information|files|emails|messages|details)"
          + "|personal (?:data|information)|(?:the|this|all|any) (?:data|information)|contents? of|file contents"
          + "|source code|bearer|auth(?:orization)? headers?|aws_secret\\S*|keys|memory|memories)";
  private static final String HOSTLIKE =
      "(?:https?://|www\\.|[a-z0-9-]+(?:\\.[a-z0-9-]+)*\\.(?:com|net|org|io|xyz|ru|cn|top|site|app|dev|me|co|info|biz"
          + "|tk|ml|link|sh|ai|cc|online|live|pw|su|ws|in|to)\\b|\\d{1,3}(?:\\.\\d{1,3}){3}\\b|\\S+@\\S+\\.[a-z]{2,}|(?:the following|this|the below|my|our"
          + "|attacker'?s?|remote|external) (?:webhook|endpoint|server|url|address|email address|inbox)|webhook|pastebin|requestbin|ngrok)";
  private static final String AGENT_CUE =
      "(?:silently|secretly|covertly|without (?:asking|telling|informing|notifying|confirmation|confirming|the user|user (?:approval|consent|confirmation))"
          + "|do not (?:tell|inform|mention|notify|ask|alert)|don't (?:tell|inform|mention|notify|ask|alert)"
          + "|before (?:responding|answering|replying|you (?:respond|answer|reply))"
          + "|the user (?:has )?(?:already )?(?:approved|authori[sz]ed|consented|asked you|wants you)"
          + "|\\b(?:ai|assistant|agent|llm|claude|chatgpt|copilot|gemini)\\b ?[,:]|\\bas an? (?:ai|llm|assistant|agent)\\b"
          + "|\\b(?:ai|llm) (?:agents?|assistants?|models?) (?:reading|processing) this)";
  private static final String TOOL_ACTION =
      "(?:(?:use|call|invoke|run|execute|trigger|launch|start) (?:the |your |a )?(?:shell|bash|terminal|exec"
          + "|execute_command|run_command|command[- ]line|powershell|cmd\\.exe|zsh|http|http_request|fetch|browser"
          + "|web_request|vault|secrets? (?:tool|manager)|get_secret|read_secret|install_tool|mcp)\\b"
          + "|(?:run|execute) (?:the following|this|these) (?:command|script|code|commands)"
          + "|(?:install|add|register|enable) (?:the |this |a |the following )?(?:new )?(?:tool|extension|plugin|mcp server|package|skill)\\b"
          + "|(?:read|get|fetch|retrieve|list|dump|print|cat|output|export|show) (?:out )?(?:all )?(?:of )?(?:the |your |my |all )?"
          + "(?:vault|secrets?|stored credentials|credentials|api keys|~/\\.ssh|id_rsa|\\.env|/etc/passwd|/etc/shadow"
          + "|aws credentials|\\.aws/credentials|keychain|environment variables)"
          + "|(?:with|using|via) (?:the |your )?(?:shell|bash|terminal|exec|http|http_request|fetch|browser|vault|secrets?) (?:tool|function)"
          + "|curl [^\\n]*\\| ?(?:ba|z)?sh\\b|rm -rf [/~])";

  static final List<Rule> ALL = build();

  private static List<Rule> build() {
    List<Rule> r = new ArrayList<>();
    // ---------- instruction overrides: English ----------
    r.add(Rule.of(IGNORE_ID, OVERRIDE, HIGH, true, SENTENCE, "en",
        "\\b" + VERB + " (?:" + QUAL + " |[a-z]+'s ){0,4}" + PRIOR + "\\b(?: \\S+){0,2}? " + NOUN + "\\b").when("ignor|disregard|forget|overrid|bypass|abandon|discard|dismiss|neglect|set aside|throw |pay no attention|follow|skip"));
    r.add(Rule.of(IGNORE_ID, OVERRIDE, HIGH, true, SENTENCE, "en",
        "\\b" + VERB + " (?:all|any|every|your) (?:of )?(?:your |the |my |these |those )?" + NOUN_CORE + "\\b").when("ignor|disregard|forget|overrid|bypass|abandon|discard|dismiss|neglect|set aside|throw |pay no attention|follow|skip"));
    r.add(Rule.of(IGNORE_ID, OVERRIDE, HIGH, true, SENTENCE, "en",
        "\\b(?:forget|disregard|ignore) (?:about )?(?:everything|all|anything)(?: that)? (?:you(?:'ve| have)? (?:been told|learned|were told|know|were given)"
            + "|(?:i|we) (?:said|told you|wrote)|(?:above|before|prior|previously|so far|up to (?:this point|now)|said before))").when("ignor|disregard|forget"));
    r.add(Rule.of(IGNORE_ID, OVERRIDE, HIGH, true, SENTENCE, "en",
        "\\b(?:ignore|disregard|forget) (?:all of |everything )?(?:the |what(?:'s| is| was) )?(?:above|preceding|prior|previous)"
            + "(?: (?:text|content|message|conversation|directions|prompt|lines|paragraphs?))?[ ,.;:-]+(?:and )?(?:instead )?"
            + "(?:now |just |simply |only )?(?:say|print|output|respond|reply|write|tell|reveal|answer|translate|return|do|follow|execute|run|send|you)\\b").when("ignor|disregard|forget"));
    r.add(Rule.of("override.new-instructions", OVERRIDE, HIGH, true, SENTENCE, "en",
        "\\byour (?:new|real|actual|true|only|next|updated) (?:task|goal|job|instructions?|purpose|objective|mission|role|directive)s? (?:is|are|will be|:)").when("your "));
    r.add(Rule.of("override.new-instructions", OVERRIDE, HIGH, true, SENTENCE, "en",
        "\\bfrom now on,? (?:you (?:are|will|must|shall|should|can only) (?:act|respond|reply|answer|behave|ignore|only|always|never|be (?:a|an|called|known)|pretend|obey|follow|speak|output)"
            + "|respond|reply|answer|ignore|act as|always respond|only respond|you're)").when("from now on"));
    r.add(Rule.of("override.new-instructions", OVERRIDE, HIGH, true, SENTENCE, "en",
        "\\b(?:these|the following|this|my) (?:new )?(?:instructions|directives|rules|commands) (?:supersede|override|replace|take precedence over|have priority over|outrank)").when("supersede|overrid|replace|precedence|priority|outrank"));
    r.add(Rule.of("override.new-instructions", OVERRIDE, HIGH, true, SENTENCE, "en",
        "\\b(?:supersedes?|overrides?|takes? precedence over|replaces?) (?:all |any )?(?:of )?(?:the |your )?(?:previous|prior|earlier|original|system|initial) (?:instructions|directives|prompts?|rules|guidelines)").when("supersede|overrid|replace|precedence"));
    r.add(Rule.of("override.new-instructions", OVERRIDE, MEDIUM, true, SENTENCE, "en",
        "(?:^|[\\n.!>*#(\\[]) ?(?:new|updated|revised|real|actual|true|additional|secret|hidden|override|system) (?:system )?(?:instructions?|directives?|task|orders|prompt)(?: for (?:you|the (?:ai|assistant|model|agent)))? ?[:：]").when("instruction|directive|task|orders|prompt"));
    r.add(Rule.of("override.role-reassign", OVERRIDE, HIGH, true, SENTENCE, "en",
        "\\byou are (?:now|no longer|henceforth|from now on) (?:an? |the |in |my |called |named )?(?:\\S+ ){0,2}?(?:assistant|ai|model|chatbot|bot|agent|dan|jailbroken|unrestricted|uncensored|unfiltered|evil|hacker|mode|free from|freed from|bound by|restricted|limited|an ai|obligated|required to follow)\\b").when("you are "));
    r.add(Rule.of("override.role-reassign", OVERRIDE, HIGH, true, SENTENCE, "en",
        "\\b(?:act|behave|respond|roleplay) as (?:if you (?:are|were) )?(?:an? )?(?:unrestricted|uncensored|unfiltered|jailbroken|evil|dan\\b|different ai|ai without|ai with no|model without|assistant without)").when("act as|behave as|respond as|roleplay as"));
    r.add(Rule.of("override.role-reassign", OVERRIDE, HIGH, true, SENTENCE, "en",
        "\\bpretend (?:that )?(?:you are|you're|to be) (?:an? |the )?(?:unrestricted|uncensored|different|evil|jailbroken|dan\\b|ai|assistant|model|system|admin|administrator|developer of|root)").when("pretend"));
    r.add(Rule.of("override.role-reassign", OVERRIDE, HIGH, true, SENTENCE, "en",
        "\\b(?:(?:dan|jailbreak|god|unrestricted|no-?limits?) mode (?:is )?(?:now )?(?:enabled|activated|on|engaged)|(?:enable|activate|enter|switch to) (?:dan|jailbreak|god|unrestricted|no-?limits?) mode|do anything now)\\b").when("mode|do anything now"));
    r.add(Rule.of("override.prompt-extraction", OVERRIDE, HIGH, true, SENTENCE, "en",
        "\\b(?:reveal|print|show|output|repeat|display|leak|dump|tell me|write out|echo|share|disclose|give me) (?:me )?(?:all )?(?:of )?(?:your|the) (?:\\S+ ){0,2}?(?:system prompt|initial prompt|original instructions|hidden instructions|system message|initial instructions|secret instructions|developer message|instructions verbatim|pre-?prompt|configuration prompt|system instructions)").when("prompt|instructions|system message|developer message"));
    r.add(Rule.of("override.addressed-to-ai", OVERRIDE, MEDIUM, true, SENTENCE, "en",
        "\\b(?:note|message|instructions?|attention|important|reminder|notice|warning|hey|hello|hi) ?[,:]? (?:to|for)? ?(?:the |any |all |dear )?(?:ai|llm|assistant|agent|language model|chatbot|ai model|ai assistant|ai agent|gpt|claude|copilot)s?\\b ?[:,!]").when("ai|llm|assistant|agent|language model|chatbot|gpt|claude|copilot"));
    r.add(Rule.of("override.addressed-to-ai", OVERRIDE, MEDIUM, true, SENTENCE, "en",
        "\\b(?:if you are|if you're|to any|to all|for any|for all|for the) (?:an? )?(?:ai|llm|large language model|language model|ai assistant|ai agent|ai model|automated agent)s? (?:reading|processing|summari[sz]ing|parsing|analy[sz]ing|browsing|that (?:is|are) reading|visiting|crawling)").when("if you|to any|to all|for any|for all|for the"));
    r.add(Rule.of("override.addressed-to-ai", OVERRIDE, MEDIUM, true, SENTENCE, "en",
        "\\b(?:ai|llm) (?:agents?|assistants?|models?|crawlers?|systems?) (?:reading|processing|summari[sz]ing|parsing|browsing|visiting) this (?:page|document|file|email|message|content|text)").when("ai |llm "));

    // ---------- instruction overrides: other languages ----------
    r.add(Rule.of(IGNORE_ID, OVERRIDE, HIGH, true, SENTENCE, "es",
        "\\b(?:ignora|ignore|ignoren|ignorar|olvida|olvide|olviden|olvidar|omite|descarta|descarte|haz caso omiso de|no sigas|deja de seguir)(?: \\S+){0,3}? (?:instrucciones|indicaciones|ordenes|reglas|directrices|directivas)(?: \\S+){0,2}? (?:anteriores|previas|de arriba|precedentes|originales|del sistema|dadas)").when("instrucciones|indicaciones|ordenes|reglas|directrices|directivas"));
    r.add(Rule.of(IGNORE_ID, OVERRIDE, HIGH, true, SENTENCE, "es",
        "\\b(?:ignora|olvida|olvide|ignore) todo lo (?:anterior|que te (?:dije|dijeron))").when("todo lo"));
    r.add(Rule.of(IGNORE_ID, OVERRIDE, HIGH, true, SENTENCE, "fr",
        "\\b(?:ignore|ignorez|ignorer|oublie|oubliez|oublier|ne tiens pas compte|ne tenez pas compte|ne suis pas|ne suivez pas)(?: \\S+){0,3}? (?:instructions|consignes|directives|regles|indications|ordres)(?: \\S+){0,2}? (?:precedentes|anterieures|ci-dessus|initiales|du systeme|d'origine|donnees)").when("instructions|consignes|directives|regles|indications|ordres"));
    r.add(Rule.of(IGNORE_ID, OVERRIDE, HIGH, true, SENTENCE, "fr",
        "\\b(?:ignore|ignorez|oublie|oubliez) tout ce qui (?:precede|a ete dit)").when("tout ce qui"));
    r.add(Rule.of(IGNORE_ID, OVERRIDE, HIGH, true, SENTENCE, "de",
        "\\b(?:ignoriere|ignorieren sie|ignoriert|ignorier|vergiss|vergessen sie|vergesst|missachte|missachten sie|befolge nicht|befolgen sie nicht)(?: \\S+){0,2}? (?:alle |samtliche |die |deine |ihre )?(?:vorherigen|bisherigen|vorigen|obigen|fruheren|vorangegangenen|vorausgegangenen|ursprunglichen|bisher gegebenen) (?:anweisungen|instruktionen|befehle|regeln|anordnungen|vorgaben|richtlinien)").when("anweisungen|instruktionen|befehle|regeln|anordnungen|vorgaben|richtlinien"));
    r.add(Rule.of(IGNORE_ID, OVERRIDE, HIGH, true, SENTENCE, "de",
        "\\b(?:vergiss|vergessen sie|ignoriere|ignorieren sie) alles,? was (?:dir |ihnen )?(?:vorher|bisher|zuvor|oben) (?:gesagt|gegeben|geschrieben|steht|stand)").when("alles"));
    r.add(Rule.of(IGNORE_ID, OVERRIDE, HIGH, true, SENTENCE, "it",
        "\\b(?:ignora|ignorate|ignori|ignorare|dimentica|dimenticate|dimentichi|trascura|non seguire)(?: \\S+){0,3}? (?:istruzioni|indicazioni|regole|direttive|ordini)(?: \\S+){0,2}? (?:precedenti|di sopra|sopra|iniziali|originali|del sistema|date finora)").when("istruzioni|indicazioni|regole|direttive|ordini"));
    r.add(Rule.of(IGNORE_ID, OVERRIDE, HIGH, true, SENTENCE, "pt",
        "\\b(?:ignore|ignora|ignorar|ignorem|esqueca|esquece|esquecer|desconsidere|desconsidera|nao siga)(?: \\S+){0,3}? (?:instrucoes|orientacoes|regras|diretrizes|ordens|indicacoes)(?: \\S+){0,2}? (?:anteriores|previas|acima|iniciais|originais|do sistema|dadas)").when("instrucoes|orientacoes|regras|diretrizes|ordens|indicacoes"));
    r.add(Rule.of(IGNORE_ID, OVERRIDE, HIGH, true, SENTENCE, "nl",
        "\\b(?:negeer|vergeet|negeren|negeert)(?: \\S+){0,2}? (?:alle )?(?:vorige|voorgaande|eerdere|bovenstaande|oorspronkelijke|vorige) (?:instructies|aanwijzingen|regels|opdrachten|richtlijnen)").when("instructies|aanwijzingen|regels|opdrachten|richtlijnen"));
    r.add(Rule.of(IGNORE_ID, OVERRIDE, HIGH, true, SENTENCE, "pl",
        "\\b(?:zignoruj|ignoruj|zapomnij|pomin|nie stosuj sie do)(?: \\S+){0,2}? (?:wszystkie |wszelkie )?(?:poprzednie|wczesniejsze|powyzsze|dotychczasowe|oryginalne) (?:instrukcje|polecenia|zasady|wytyczne|reguły|reguly)").when("instrukcje|polecenia|zasady|wytyczne|reguły|reguly"));
    r.add(Rule.of(IGNORE_ID, OVERRIDE, HIGH, true, SENTENCE, "tr",
        "\\b(?:onceki|yukaridaki|yukarıdaki|daha onceki|tum onceki)(?: \\S+){0,2}? (?:talimatlar\\S*|komutlar\\S*|kurallar\\S*|yonergeler\\S*) (?:\\S+ )?(?:yok say|gormezden gel|unut|dikkate alma|umursama)").when("talimat|komut|kural|yonerge"));
    r.add(Rule.of(IGNORE_ID, OVERRIDE, HIGH, true, SENTENCE, "id",
        "\\b(?:abaikan|lupakan|acuhkan|jangan ikuti)(?: \\S+){0,2}? (?:instruksi|perintah|petunjuk|arahan|aturan)(?: \\S+){0,2}? (?:sebelumnya|di atas|terdahulu|awal|sistem)").when("instruksi|perintah|petunjuk|arahan|aturan"));
    r.add(Rule.of(IGNORE_ID, OVERRIDE, HIGH, true, SENTENCE, "vi",
        "\\b(?:bo qua|phot lo|quen|khong tuan theo)(?: \\S+){0,4}? (?:huong dan|chi dan|lenh|chi thi|quy tac)(?: \\S+){0,2}? (?:truoc|o tren|phia tren|ban đau|cu)").when("huong dan|chi dan|lenh|chi thi|quy tac"));
    r.add(Rule.of(IGNORE_ID, OVERRIDE, HIGH, false, SENTENCE, "ru",
        "(?:игнорируй|игнорируйте|проигнорируй|проигнорируйте|забудь|забудьте|не обращай внимания на|не обращайте внимания на|отбрось|отбросьте|не следуй|не выполняй)(?: \\S+){0,2}? (?:все |всё )?(?:предыдущие|прежние|вышеуказанные|предшествующие|предыдущих|ранее данные|вышеприведенные|изначальные|системные) (?:инструкции|указания|команды|правила|инструкций|указаний|директивы)").when("инструкц|указани|команд|правил|директив"));
    r.add(Rule.of(IGNORE_ID, OVERRIDE, HIGH, false, SENTENCE, "ru",
        "(?:забудь|забудьте|игнорируй|игнорируйте) (?:всё|все),? что (?:тебе|вам) (?:говорили|сказали|было сказано)").when("что"));
    r.add(Rule.of(IGNORE_ID, OVERRIDE, HIGH, false, SENTENCE, "uk",
        "(?:ігноруй|ігноруйте|забудь|забудьте|проігноруй)(?: \\S+){0,2}? (?:всі |усі )?(?:попередні|попередніх|вищезазначені) (?:інструкції|вказівки|команди|правила)").when("інструкц|вказівк|команд|правил"));
    r.add(Rule.of(IGNORE_ID, OVERRIDE, HIGH, false, SENTENCE, "zh",
        "(?:忽略|无视|忽视|無視|忘记|忘記|忘掉|不要理会|不要理會|不要遵守|不要遵循|别管|丢弃|放弃)(?:掉)?(?:你)?(?:之前|以上|上面|上述|先前|前面|此前|以前|所有|一切|全部|原来|原有|系统)[^。\\n]{0,8}?(?:指令|指示|规则|規則|提示|命令|说明|說明|设定|設定|要求)").when("忽略|无视|忽视|無視|忘记|忘記|忘掉|不要|别管|丢弃|放弃"));
    r.add(Rule.of(IGNORE_ID, OVERRIDE, HIGH, false, SENTENCE, "ja",
        "(?:以前|前|上記|これまで|先|今まで|以上|最初|元|システム)の[^。\\n]{0,10}?(?:指示|命令|指令|ルール|プロンプト|設定|規則)[^。\\n]{0,8}?(?:無視|忘れ|従わな)").when("無視|忘れ|従わな"));
    r.add(Rule.of(IGNORE_ID, OVERRIDE, HIGH, false, SENTENCE, "ko",
        "(?:이전|앞|위|지금까지|기존|원래|시스템)(?:의|에)? ?[^.\\n]{0,12}?(?:지시|지침|명령|규칙|프롬프트|설정)[^.\\n]{0,12}?(?:무시|잊어|잊으|따르지)").when("무시|잊어|잊으|따르지"));
    r.add(Rule.of(IGNORE_ID, OVERRIDE, HIGH, false, SENTENCE, "ar",
        "(?:تجاهل|تجاهلي|تجاهلوا|انس|انسى|انسي|أهمل|اهمل|لا تتبع|تخط)(?: \\S+){0,2}? (?:التعليمات|الأوامر|الاوامر|الإرشادات|الارشادات|التوجيهات|القواعد)(?: \\S+)?? (?:السابقة|أعلاه|اعلاه|الأولى|الاولى|الأصلية|القديمة)").when("تجاهل|انس|أهمل|اهمل|لا تتبع|تخط"));
    r.add(Rule.of(IGNORE_ID, OVERRIDE, HIGH, false, SENTENCE, "hi",
        "(?:पिछले|पिछली|पूर्व|ऊपर के|ऊपर दिए|पहले के|पहले दिए|सभी पिछले)(?: \\S+){0,3}? (?:निर्देशों|निर्देश|आदेशों|आदेश|नियमों|नियम)(?: \\S+){0,2}? (?:अनदेखा|नज़रअंदाज़|नजरअंदाज|भूल|अनसुना|उपेक्षा)").when("अनदेखा|नज़रअंदाज़|नजरअंदाज|भूल|अनसुना|उपेक्षा"));
    r.add(Rule.of(IGNORE_ID, OVERRIDE, HIGH, false, SENTENCE, "fa",
        "(?:دستورالعمل|دستورات|دستور|قوانین)(?:‌|\\s)?(?:های)?(?: \\S+){0,2}? (?:قبلی|پیشین|بالا)(?: \\S+){0,2}? (?:را )?(?:نادیده بگیر|فراموش کن)").when("نادیده|فراموش"));
    r.add(Rule.of(IGNORE_ID, OVERRIDE, HIGH, false, SENTENCE, "he",
        "(?:התעלם|התעלמי|שכח|שכחי)(?: \\S+){0,2}? (?:מכל |מ)?(?:ההוראות|ההנחיות|הפקודות)(?: \\S+)?? (?:הקודמות|הקודמים|שלמעלה)").when("התעלם|שכח"));
    r.add(Rule.of("override.new-instructions", OVERRIDE, MEDIUM, true, SENTENCE, "multi",
        "(?:^|[\\n.!>*#]) ?(?:nuevas instrucciones|nouvelles (?:instructions|consignes)|neue anweisungen|nuove istruzioni|novas instrucoes|nieuwe instructies|nowe instrukcje) ?[:：]").when("instruc|consignes|anweisungen|istruzioni|instrukcje|instructies"));
    r.add(Rule.of("override.new-instructions", OVERRIDE, MEDIUM, false, SENTENCE, "multi",
        "(?:новые инструкции|новые указания|新的指令|新指令|新しい指示|새로운 지시|새 지시|تعليمات جديدة) ?[:：]").when("инструкции|указания|指令|指示|지시|تعليمات"));

    // ---------- role and delimiter spoofing ----------
    r.add(Rule.of("role.chat-template-token", ROLE_SPOOF, HIGH, false, MATCH, null,
        "<\\|(?:im_start|im_end|im_sep|system|user|assistant|endoftext|eot_id|start_header_id|end_header_id|begin_of_text"
            + "|end_of_text|eom_id|tool|function|fim_prefix|fim_middle|fim_suffix|python_tag|channel|message|start|end|return|call)\\|>"
            + "|\\[/?inst\\]|<</?sys>>|<(?:start|end)_of_turn>|</s> ?(?:<s>|\\[inst\\]|<\\|)|\\[/?(?:system_prompt|available_tools|tool_calls|tool_results)\\]").when("<|inst]|sys>>|_of_turn>|</s>|system_prompt]|available_tools]|tool_calls]|tool_results]"));
    r.add(Rule.of("role.fake-turn", ROLE_SPOOF, HIGH, true, SENTENCE, null,
        "(?:^|\\n)[ \\t>*#_-]*(?:\\[|<|\\*\\*|\\(|\\{)?(?:system|assistant|developer|admin|administrator|operator|root|ai|model|openai|anthropic)"
            + "(?: (?:message|prompt|override|notice|instruction|instructions|note|update|alert|command|directive))?(?:\\]|>|\\*\\*|\\)|\\})? ?[:：]"
            + " ?(?:\\S+ ){0,2}?" + CUE_WORDS).when("system|assistant|developer|admin|operator|root|ai|model|openai|anthropic"));
    r.add(Rule.of("role.fake-turn", ROLE_SPOOF, HIGH, true, SENTENCE, null,
        "(?:^|\\n)[ \\t>*#_-]*[\\[(](?:system|assistant|developer|admin|administrator|operator)(?: (?:message|prompt|override|note|notice|instructions?))?[\\])] ?[:：]? ?(?:\\S+ ){0,2}?" + CUE_WORDS).when("system|assistant|developer|admin|operator"));
    r.add(Rule.of("role.fake-turn", ROLE_SPOOF, HIGH, true, SENTENCE, null,
        "<\\s*(?:system|system_prompt|system-prompt|sys|instructions|admin|developer|developer_instructions|im_start)\\s*> ?(?:\\S+ ){0,2}?" + CUE_WORDS).when("system|sys|instructions|admin|developer|im_start"));
    r.add(Rule.of("role.fake-turn", ROLE_SPOOF, MEDIUM, true, SENTENCE, null,
        "(?:^|\\n)[ \\t>*#]*(?:###? )?(?:system|instruction|instructions|response) ?[:：] ?\\n").when("system|instruction|response"));
    r.add(Rule.of("role.fake-tool-call", ROLE_SPOOF, HIGH, false, MATCH, null,
        "<\\s*/?\\s*(?:tool_call|tool_calls|tool_use|function_call|function_calls|antml:invoke|antml:function_calls|tool_result|tool_response|function_result|function_results)\\b[^>\\n]*>?").when("tool_|function_|antml"));
    r.add(Rule.of("role.fake-tool-call", ROLE_SPOOF, HIGH, false, MATCH, null,
        "\"(?:name|tool|tool_name|function)\" ?: ?\"" + DANGEROUS_TOOL + "\" ?, ?\"(?:arguments|parameters|input|args|params)\"").when("\"name\"|\"tool|\"function\""));
    r.add(Rule.of("role.fake-tool-call", ROLE_SPOOF, HIGH, false, MATCH, null,
        "<invoke name=\"?" + DANGEROUS_TOOL + "\\b").when("<invoke"));
    r.add(Rule.of("role.wrapper-forgery", ROLE_SPOOF, CRITICAL, true, MATCH, null,
        "<{2,} ?/? ?(?:end[ _-]*)?(?:of[ _-]*)?untrusted[^\\n>]*>*"
            + "|untrusted[ _-]*(?:content|data|input|text)[ _-]*(?:id ?=|end\\b|>>|begin\\b|start\\b)[^\\n>]*>*"
            + "|\\bend[ _-]*(?:of[ _-]*)?untrusted[ _-]*(?:content|data|input|text)\\b[^\\n]{0,40}"
            + "|</? ?untrusted[ _-]?(?:content|data|input|text)?\\b[^>\\n]*>?"
            + "|\\[/?untrusted[ _-]*(?:content|data)[^\\]\\n]{0,40}\\]").when("untrusted"));

    // ---------- exfiltration ----------
    r.add(Rule.of("exfil.send-data", EXFILTRATION, HIGH, true, SENTENCE, "en",
        "\\b(?:send|post|upload|transmit|forward|exfiltrate|leak|email|mail|submit|deliver|share|beam|copy)"
            + " (?:(?:[^\\n.]|\\.\\S)*? )?" + SECRET + "\\b(?:[^\\n.!?]|\\.\\S)*? (?:to|at|into|via|using|on|with) (?:the |this |my |our )?" + HOSTLIKE).when("send|post|upload|transmit|forward|exfiltrat|leak|mail|submit|deliver|share|beam|copy"));
    r.add(Rule.of("exfil.send-data", EXFILTRATION, HIGH, true, SENTENCE, "en",
        "\\b(?:append|embed|encode|put|add|insert|include|attach|concatenate) (?:(?:[^\\n.]|\\.\\S)*? )?" + SECRET
            + "\\b(?:[^\\n.!?]|\\.\\S)*? (?:to|in|into|as|at the end of) (?:the |this |a |an |each |every )?(?:image|markdown|link|query|url|query string|parameter|request)\\b").when("append|embed|encode|put|add|insert|include|attach|concatenate"));
    r.add(Rule.of("exfil.send-data", EXFILTRATION, HIGH, true, SENTENCE, "en",
        "\\b(?:visit|open|fetch|load|request|navigate to|go to|call|ping|render) (?:the )?(?:url|link|image|page|endpoint)?(?: at)? ?"
            + "https?://[^\\s)]*(?:\\{|%7b|<|\\[)[^\\s]*?" + SECRET).when("http"));

    // ---------- encoded payloads: an instruction to decode and obey ----------
    r.add(Rule.of("encoded.decode-and-follow", Family.ENCODED, HIGH, true, SENTENCE, "en",
        "\\b(?:decode|decipher|unscramble|rot13|base64[- ]?decode|reverse)\\b[^\\n.]*?\\b(?:and|then) (?:follow|execute|run|obey|do|perform|carry out|act on|comply with)\\b").when("decode|decipher|unscramble|rot13|reverse"));

    // ---------- tool hijacking ----------
    r.add(Rule.of("tool.hijack", TOOL_HIJACK, HIGH, true, SENTENCE, "en",
        AGENT_CUE + "[^\\n.!?]*?" + TOOL_ACTION + "|" + TOOL_ACTION + "[^\\n.!?]*?" + AGENT_CUE).when("silently|secretly|covertly|without |do not |don't |before |the user|ai,|ai:|ai ,|ai :|assistant|agent|llm|claude|chatgpt|copilot|gemini|as an |as a "));
    r.add(Rule.of("tool.fake-authorization", TOOL_HIJACK, HIGH, true, SENTENCE, "en",
        "\\b(?:the )?user (?:has )?(?:already )?(?:explicitly )?(?:approved|authori[sz]ed|consented to|pre-?approved|asked you to|wants you to|requested that you|instructed you to) "
            + "(?:\\S+ ){0,3}?(?:run|execute|call|use|send|install|read|fetch|upload|delete|transfer|share|invoke)\\b").when("user"));
    return List.copyOf(r);
  }
}
