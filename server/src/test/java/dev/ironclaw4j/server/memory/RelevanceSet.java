package dev.ironclaw4j.server.memory;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A small labeled relevance set written for this test suite: 70 short notes of the kind a personal
 * agent keeps, and 22 queries with the ids of the notes that answer them. About a third of the queries
 * name an identifier, code or rare name (words win), a third paraphrase the note with none of its
 * words (meaning wins), and the rest mix both; distractor notes share words but not the answer, and
 * near-duplicate notes differ only in an identifier, as real notes do.
 */
final class RelevanceSet {
  private RelevanceSet() {}

  static final Map<String, String> DOCS = Map.ofEntries(
      Map.entry("d01", "Deploy failed with ERR_CONN_4711 when the corporate proxy dropped the connection; retrying through the VPN worked."),
      Map.entry("d02", "Proxy settings for the office printer are on the sticker under the paper tray."),
      Map.entry("d03", "Zbigniew's birthday is on March 3. He collects jazz records, a Blue Note reissue would please him."),
      Map.entry("d04", "Birthday party for the team: cake from the bakery on Elm Street, order two days ahead."),
      Map.entry("d05", "Invoice INV-2291 from Hartmann GmbH was paid twice; the refund is expected next month."),
      Map.entry("d06", "Invoices are archived as PDF in the finance share, named by year and supplier."),
      Map.entry("d07", "To roll back a bad release: kubectl rollout undo deployment/api, then check the pods come up."),
      Map.entry("d08", "The Kubernetes cluster autoscaler adds nodes when pods stay pending for over a minute."),
      Map.entry("d09", "Project Quokka: the deadline moved to 14 December; the demo for the client is on the 10th."),
      Map.entry("d10", "Project kickoff checklist: owner, scope, risks, and a deadline everybody agreed to."),
      Map.entry("d11", "The puppy keeps howling after dark; a crate beside the bed and an evening walk calmed him down."),
      Map.entry("d12", "Dog food: the vet recommended the salmon kibble, half a cup twice a day."),
      Map.entry("d13", "Budget airfare to Tokyo: Tuesday departures are lowest, and Osaka is reachable on low-cost carriers."),
      Map.entry("d14", "Passport renewal takes six weeks; the form needs two photos and the old passport."),
      Map.entry("d15", "Fatigue and exhaustion improved after fixing the sleep schedule and taking iron supplements."),
      Map.entry("d16", "Running plan: three easy runs a week and one long run on Sunday, increase distance by ten percent."),
      Map.entry("d17", "Pension contributions: put fifteen percent of the salary into the index fund every month."),
      Map.entry("d18", "Groceries this week cost more than usual; buy rice and beans in bulk next time."),
      Map.entry("d19", "Nitrogen deficiency in tomato plants shows as pale lower foliage; feed with diluted fertilizer."),
      Map.entry("d20", "Basil grows best on the sunny windowsill; pinch off the flowers to keep the leaves coming."),
      Map.entry("d21", "The git hook can be skipped with --no-verify, but CI will still run the linters."),
      Map.entry("d22", "Git rebase interactive lets you squash fixup commits before opening the pull request."),
      Map.entry("d23", "Anna prefers code review comments as questions, not commands; she leads the payments team."),
      Map.entry("d24", "The payments service times out when the bank's sandbox is slow; raise the client timeout to 30 s."),
      Map.entry("d25", "Recipe: lentil soup with cumin, carrots and a squeeze of lemon at the end."),
      Map.entry("d26", "The oven runs hot by about twenty degrees; bake bread at 210 instead of 230."),
      Map.entry("d27", "Car insurance renews on 1 February; compare quotes from at least three companies first."),
      Map.entry("d28", "The bicycle needs new brake pads and the chain should be oiled before winter."),
      Map.entry("d29", "Meeting notes: we agreed to freeze features two weeks before the launch."),
      Map.entry("d30", "Standup moved to 9:45 because of the new school schedule."),
      Map.entry("d31", "PostgreSQL vacuum settings: autovacuum_vacuum_scale_factor 0.05 for the big events table."),
      Map.entry("d32", "Database backups run nightly at 2:00 and are kept for thirty days."),
      Map.entry("d33", "The heat pump makes a rattling noise in cold weather; the installer says to clear ice from the fan."),
      Map.entry("d34", "Electricity bill was high in January because the heating ran all day."),
      Map.entry("d35", "Learning Spanish: twenty minutes of flashcards daily and a conversation class on Thursdays."),
      Map.entry("d36", "Book club picked a novel about a lighthouse keeper for next month."),
      Map.entry("d37", "Headaches in the afternoon went away after drinking more water and less coffee."),
      Map.entry("d38", "Migraine medication: take it at the first sign, not later; maximum two doses a day."),
      Map.entry("d39", "Our flat's lease ends in August; the landlord wants three months' notice."),
      Map.entry("d40", "Moving boxes are in the basement; the van rental is booked for the last Saturday of July."),
      Map.entry("d41", "Error TS2345 means an argument type does not match the parameter type in TypeScript."),
      Map.entry("d42", "Type mismatch errors in Java generics are usually fixed with a bounded wildcard."),
      Map.entry("d43", "The cat throws up after eating too fast; a slow feeder bowl solved it."),
      Map.entry("d44", "Wedding gift for Lena and Tom: they registered for a stand mixer and kitchen towels."),
      Map.entry("d45", "Earthquake kit: water for three days, a radio, a flashlight and copies of documents."),
      Map.entry("d46", "The laptop battery drains overnight; disabling wake on network fixed it."),
      Map.entry("d47", "Phone screen cracked; the repair shop on King Street quoted eighty euros."),
      Map.entry("d48", "Mortgage rate is fixed until 2029; an overpayment of up to ten percent a year has no fee."),
      Map.entry("d49", "Tax return deadline is 31 July; receipts for home office costs are in the blue folder."),
      Map.entry("d50", "Jenkins job nightly-e2e is flaky because the test database is shared; give each run its own schema."),
      Map.entry("d51", "Flaky tests: quarantine them with a tag, then fix the shared state that makes them fail."),
      Map.entry("d52", "Sourdough starter needs feeding every twelve hours at room temperature."),
      Map.entry("d53", "Grandma's phone number changed; the new one is in the address book under Oma."),
      Map.entry("d54", "Winter tyres go on when the temperature stays below seven degrees."),
      Map.entry("d55", "To calm anxiety before talks: slow breathing, four seconds in and six seconds out."),
      Map.entry("d56", "Sleep better: no screens an hour before bed, same wake-up time every day, a cool dark room."),
      // Near-duplicates with other identifiers: what a real memory fills up with, and where meaning alone blurs.
      Map.entry("d57", "Deploy failed with ERR_CONN_4117 when the DNS resolver timed out; switching to the backup resolver worked."),
      Map.entry("d58", "ERR_CONN_4710 appears when the TLS certificate on the staging gateway has expired."),
      Map.entry("d59", "Invoice INV-2219 from Hartmann GmbH is still open; payment is due at the end of the quarter."),
      Map.entry("d60", "Invoice INV-2290 from Becker AG was paid on time."),
      Map.entry("d61", "Error TS2322 means a value is not assignable to the declared type in TypeScript."),
      Map.entry("d62", "Error TS7006 means a parameter implicitly has an any type in TypeScript."),
      Map.entry("d63", "Jenkins job nightly-unit is flaky because of a race in the cache tests."),
      Map.entry("d64", "Jenkins job weekly-e2e is slow because it runs the whole browser matrix."),
      Map.entry("d65", "Project Wombat: the deadline moved to 20 December; the demo for the client is on the 12th."),
      Map.entry("d66", "Project Koala: the deadline is the end of January; the client demo is not scheduled yet."),
      Map.entry("d67", "Wojciech's birthday is on May 9. He collects vinyl, a Miles Davis reissue would please him."),
      Map.entry("d68", "PostgreSQL autovacuum_analyze_scale_factor 0.02 keeps statistics fresh on the big events table."),
      Map.entry("d69", "kubectl rollout restart deployment/api reloads the configuration without a new image."),
      Map.entry("d70", "git commit --amend --no-edit keeps the message; CI will still run the linters."));

  /** A query and the notes that answer it. */
  record Query(String text, Set<String> relevant) {}

  static final List<Query> QUERIES = List.of(
      // Words win: identifiers, codes, rare names.
      new Query("ERR_CONN_4711", Set.of("d01")),
      new Query("Zbigniew", Set.of("d03")),
      new Query("INV-2291", Set.of("d05")),
      new Query("kubectl rollout undo", Set.of("d07")),
      new Query("Quokka", Set.of("d09")),
      new Query("--no-verify", Set.of("d21")),
      new Query("TS2345", Set.of("d41")),
      new Query("autovacuum_vacuum_scale_factor", Set.of("d31")),
      new Query("nightly-e2e", Set.of("d50")),
      // Meaning wins: paraphrases with none of the note's words.
      new Query("how do I stop my dog barking at night", Set.of("d11")),
      new Query("cheap flights to Japan", Set.of("d13")),
      new Query("always feeling tired", Set.of("d15", "d56")),
      new Query("saving for old age", Set.of("d17")),
      new Query("what to do about nervousness before presentations", Set.of("d55")),
      new Query("my pet vomits after meals", Set.of("d43")),
      new Query("relocating to a new apartment", Set.of("d39", "d40")),
      new Query("fix a broken smartphone display", Set.of("d47")),
      // Both help.
      new Query("tomato leaves turning yellow", Set.of("d19")),
      new Query("undo a failed deployment on kubernetes", Set.of("d07")),
      new Query("tests that fail randomly in CI", Set.of("d50", "d51")),
      new Query("present ideas for Lena and Tom", Set.of("d44")),
      new Query("when are taxes due", Set.of("d49")));
}
