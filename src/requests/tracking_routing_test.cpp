// Pure parts of the requests module: tracking codes, the charter's precedence, routing rules.
#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "requests/deadlines.hpp"
#include "requests/routing.hpp"
#include "requests/tracking_code.hpp"

namespace guichet::requests {
namespace {

constexpr std::string_view kAlphabet = "2346789ABCDEFGHJKMNPQRTWXYZ";

TEST(TrackingCode, HasThreeGroupsOfThreeFromTheReadableAlphabet) {
    const std::regex shape(
        "^[2346789ABCDEFGHJKMNPQRTWXYZ]{3}-[2346789ABCDEFGHJKMNPQRTWXYZ]{3}-"
        "[2346789ABCDEFGHJKMNPQRTWXYZ]{3}$");
    std::set<std::string> seen;
    for (int i = 0; i < 500; ++i) {
        const std::string code = NewTrackingCode();
        EXPECT_TRUE(std::regex_match(code, shape)) << code;
        EXPECT_EQ(NormaliseTrackingCode(code), code);
        seen.insert(code);
    }
    EXPECT_GT(seen.size(), 495u);  // Random, not a counter.
}

TEST(TrackingCode, RefusesEveryChangedCharacter) {
    for (int n = 0; n < 50; ++n) {
        const std::string code = NewTrackingCode();
        for (std::size_t pos = 0; pos < code.size(); ++pos) {
            if (code[pos] == '-') continue;
            for (char other : kAlphabet) {
                if (other == code[pos]) continue;
                std::string changed = code;
                changed[pos] = other;
                EXPECT_FALSE(NormaliseTrackingCode(changed))
                    << code << " changed at " << pos << " into " << changed;
            }
        }
    }
}

TEST(TrackingCode, RefusesSwappedNeighbours) {
    for (int n = 0; n < 50; ++n) {
        const std::string code = NewTrackingCode();
        std::string plain;
        for (char c : code)
            if (c != '-') plain += c;
        for (std::size_t i = 0; i + 1 < 8; ++i) {
            if (plain[i] == plain[i + 1]) continue;
            std::string swapped = plain;
            std::swap(swapped[i], swapped[i + 1]);
            EXPECT_FALSE(NormaliseTrackingCode(swapped)) << code << " swapped at " << i;
        }
    }
}

TEST(TrackingCode, ForgivesCaseSpacesAndDashes) {
    const std::string code = NewTrackingCode();
    std::string typed;
    for (char c : code) {
        if (c == '-')
            typed += ' ';
        else
            typed += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    EXPECT_EQ(NormaliseTrackingCode(typed), code);
    EXPECT_EQ(NormaliseTrackingCode(" " + code.substr(0, 3) + code.substr(4) + " "), code);
}

TEST(TrackingCode, NormalisesWhatACitizenTypes) {
    // "mpx ttg r4z" as read over the phone; its check character is right.
    const auto code = NormaliseTrackingCode("mpx ttg r4z");
    ASSERT_TRUE(code);
    EXPECT_EQ(*code, "MPX-TTG-R4Z");
    EXPECT_EQ(NormaliseTrackingCode("MPX-TTG-R4Z"), "MPX-TTG-R4Z");
    EXPECT_EQ(NormaliseTrackingCode("mpxttgr4z"), "MPX-TTG-R4Z");
    EXPECT_FALSE(NormaliseTrackingCode("mpx ttg r4y"));   // Another check character.
    EXPECT_FALSE(NormaliseTrackingCode("mpx ttg r4"));    // Too short.
    EXPECT_FALSE(NormaliseTrackingCode("mpx ttg r4zz"));  // Too long.
    EXPECT_FALSE(NormaliseTrackingCode("mp0 ttg r4z"));   // 0 is not in the alphabet.
    EXPECT_FALSE(NormaliseTrackingCode(""));
    EXPECT_FALSE(NormaliseTrackingCode("01JPA3Q8Z6N4M2K7XWB5R9TCVE"));  // An id is no code.
}

CharterRule RuleOf(std::optional<Channel> channel, std::optional<Kind> kind,
                   std::optional<std::string> category, std::optional<Delay> ack,
                   std::optional<Delay> first = std::nullopt) {
    CharterRule r;
    r.channel = channel;
    r.kind = kind;
    r.category_id = std::move(category);
    r.acknowledgement = ack;
    r.first_answer = first;
    return r;
}

Delay Days(int n) { return {n, DelayUnit::kWorkingDays}; }

TEST(DelayFor, CategoryBeatsKindBeatsChannelBeatsCatchAll) {
    Charter c;
    // In an order that a first-match reading would get wrong.
    c.rules = {
        RuleOf(std::nullopt, std::nullopt, std::nullopt, Days(10), Days(30)),
        RuleOf(Channel::kWeb, std::nullopt, std::nullopt, Days(5)),
        RuleOf(std::nullopt, Kind::kComplaint, std::nullopt, Days(3)),
        RuleOf(std::nullopt, std::nullopt, "cat-voirie", Days(1)),
    };
    const auto ack = Commitment::kAcknowledgement;
    EXPECT_EQ(DelayFor(c, ack, Channel::kWeb, Kind::kComplaint, "cat-voirie"), Days(1));
    EXPECT_EQ(DelayFor(c, ack, Channel::kWeb, Kind::kComplaint, "other"), Days(3));
    EXPECT_EQ(DelayFor(c, ack, Channel::kLetter, Kind::kComplaint, "other"), Days(3));
    EXPECT_EQ(DelayFor(c, ack, Channel::kWeb, Kind::kRequest, "other"), Days(5));
    EXPECT_EQ(DelayFor(c, ack, Channel::kLetter, Kind::kRequest, "other"), Days(10));
    // A commitment that the specific rules leave unset falls back to the one that sets it.
    EXPECT_EQ(DelayFor(c, Commitment::kFirstAnswer, Channel::kWeb, Kind::kComplaint, "cat-voirie"),
              Days(30));
    EXPECT_FALSE(DelayFor(c, Commitment::kResolution, Channel::kWeb, Kind::kRequest, "x"));
}

TEST(DelayFor, CategoryAloneBeatsKindAndChannelTogether) {
    Charter c;
    c.rules = {RuleOf(Channel::kLetter, Kind::kComplaint, std::nullopt, Days(7)),
               RuleOf(std::nullopt, std::nullopt, "cat", Days(2))};
    EXPECT_EQ(DelayFor(c, Commitment::kAcknowledgement, Channel::kLetter, Kind::kComplaint, "cat"),
              Days(2));
    EXPECT_EQ(DelayFor(c, Commitment::kAcknowledgement, Channel::kLetter, Kind::kComplaint, "x"),
              Days(7));
}

TEST(DelayFor, PresetsSetTheMarianneAndServicesPublicsPlusDelays) {
    const Charter m = MarianneCharter();
    EXPECT_EQ(DelayFor(m, Commitment::kFirstAnswer, Channel::kEmail, Kind::kRequest, ""), Days(5));
    EXPECT_EQ(DelayFor(m, Commitment::kFirstAnswer, Channel::kLetter, Kind::kRequest, ""),
              Days(15));
    EXPECT_FALSE(DelayFor(m, Commitment::kAcknowledgement, Channel::kCounter, Kind::kRequest, ""));
    EXPECT_EQ(DelayFor(m, Commitment::kAcknowledgement, Channel::kCounter, Kind::kComplaint, ""),
              Days(2));
    const Charter s = ServicesPublicsPlusCharter();
    EXPECT_EQ(DelayFor(s, Commitment::kAcknowledgement, Channel::kWeb, Kind::kRequest, ""),
              (Delay{7, DelayUnit::kCalendarDays}));
    EXPECT_EQ(DelayFor(s, Commitment::kFirstAnswer, Channel::kWeb, Kind::kRequest, ""), Days(15));
}

// A square around the Place de la Mairie: lon 2.30–2.31, lat 48.80–48.81.
const std::vector<std::array<double, 2>> kSquare = {
    {2.30, 48.80}, {2.31, 48.80}, {2.31, 48.81}, {2.30, 48.81}};

TEST(Routing, PolygonContainsWhatIsInsideOnly) {
    EXPECT_TRUE(InsidePolygon(kSquare, 2.305, 48.805));
    EXPECT_FALSE(InsidePolygon(kSquare, 2.315, 48.805));
    EXPECT_FALSE(InsidePolygon(kSquare, 2.305, 48.815));
    auto closed = kSquare;
    closed.push_back(kSquare.front());
    EXPECT_TRUE(InsidePolygon(closed, 2.305, 48.805));
    EXPECT_FALSE(InsidePolygon({{2.30, 48.80}, {2.31, 48.81}}, 2.305, 48.805));
    // A concave L shape: the notch is outside.
    const std::vector<std::array<double, 2>> l = {{0, 0}, {2, 0}, {2, 1}, {1, 1}, {1, 2}, {0, 2}};
    EXPECT_TRUE(InsidePolygon(l, 0.5, 1.5));
    EXPECT_FALSE(InsidePolygon(l, 1.5, 1.5));
}

Request RequestAbout(std::string subject, std::string description = {}) {
    Request q;
    q.category_id = "cat-general";
    q.channel = Channel::kWeb;
    q.subject = std::move(subject);
    q.description = std::move(description);
    return q;
}

RoutingRule RuleTo(std::string service, std::vector<std::string> keywords = {}) {
    RoutingRule r;
    r.name = "vers " + service;
    r.service_id = std::move(service);
    r.keywords = std::move(keywords);
    return r;
}

TEST(Routing, KeywordsMatchWithoutAccentsNorCase) {
    const std::vector<RoutingRule> rules = {RuleTo("voirie", {"Éclairage public", "trottoir"})};
    EXPECT_EQ(MatchRule(rules, RequestAbout("ECLAIRAGE PUBLIC en panne")), &rules[0]);
    EXPECT_EQ(MatchRule(rules, RequestAbout("Panne", "l'éclairage public est éteint")), &rules[0]);
    EXPECT_EQ(MatchRule(rules, RequestAbout("Trottoir défoncé")), &rules[0]);
    EXPECT_EQ(MatchRule(rules, RequestAbout("Acte de naissance")), nullptr);
}

TEST(Routing, ChannelCategoryAndPolygonMustAllHold) {
    RoutingRule letters = RuleTo("courrier");
    letters.channel = Channel::kLetter;
    RoutingRule centre = RuleTo("quartier-centre", {"poubelle"});
    centre.polygon = kSquare;
    RoutingRule category = RuleTo("etat-civil");
    category.category_id = "cat-etat-civil";
    const std::vector<RoutingRule> rules = {letters, centre, category};

    Request letter = RequestAbout("Poubelle");
    letter.channel = Channel::kLetter;
    EXPECT_EQ(MatchRule(rules, letter)->service_id, "courrier");

    Request inside = RequestAbout("Poubelle renversée");
    inside.location = Location{48.805, 2.305, "1 place de la Mairie"};
    EXPECT_EQ(MatchRule(rules, inside)->service_id, "quartier-centre");
    Request outside = inside;
    outside.location = Location{48.9, 2.305, "Route de la forêt"};
    EXPECT_EQ(MatchRule(rules, outside), nullptr);
    Request nowhere = RequestAbout("Poubelle renversée");
    EXPECT_EQ(MatchRule(rules, nowhere), nullptr);  // No location: a polygon cannot match.

    Request birth = RequestAbout("Acte de naissance");
    birth.category_id = "cat-etat-civil";
    EXPECT_EQ(MatchRule(rules, birth)->service_id, "etat-civil");
}

TEST(Routing, FirstMatchingRuleWins) {
    const std::vector<RoutingRule> rules = {RuleTo("premier", {"arbre"}),
                                            RuleTo("second", {"arbre", "branche"})};
    EXPECT_EQ(MatchRule(rules, RequestAbout("Arbre tombé"))->service_id, "premier");
    EXPECT_EQ(MatchRule(rules, RequestAbout("Branche tombée"))->service_id, "second");
}

}  // namespace
}  // namespace guichet::requests
