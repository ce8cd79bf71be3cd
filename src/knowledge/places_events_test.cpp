// PlaceService, EventService and the import of services, on a real database.
#include <algorithm>

#include <gtest/gtest.h>

#include "knowledge/event_service.hpp"
#include "knowledge/knowledge_test_support.hpp"
#include "knowledge/place_service.hpp"
#include "knowledge/service_import.hpp"

namespace guichet::knowledge {
namespace {

using storage::testing::AllTestDatabases;
using storage::testing::TestDatabaseName;
using testing::KnowledgeTest;
using testing::ParisTime;

constexpr std::string_view kServices = R"([
  {
    "id": "police-municipale",
    "name": "Police municipale",
    "parent_id": "securite",
    "phone": "01 60 00 00 17",
    "topics": ["bruit", "stationnement"]
  },
  {"id": "securite", "name": "Sécurité et tranquillité publique"},
  {"id": "sports", "name": "Sports", "email": "sports@villebelle.fr"}
])";

constexpr std::string_view kPlaces = R"([
  {
    "id": "mairie",
    "name": "Hôtel de ville",
    "type": "mairie",
    "address": "1 place de la République",
    "postcode": "91000",
    "city": "Villebelle",
    "lat": 48.6,
    "lon": 2.3,
    "opening_hours": "Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00; PH off"
  },
  {
    "id": "piscine-tilleuls",
    "name": "Piscine des Tilleuls",
    "type": "piscine",
    "service_id": "inconnu",
    "opening_hours": "Tu-Su 10:00-19:00"
  },
  {
    "id": "piscine-bouin",
    "name": "Piscine Jean-Bouin",
    "type": "piscine",
    "service_id": "sports",
    "opening_hours": "Mo-Sa 12:00-20:00"
  }
])";

class PlacesEventsTest : public KnowledgeTest {
  protected:
    void ImportServicesOk() {
        auto report = ImportServices(*tenancy_, tenant_, kServices);
        ASSERT_TRUE(report) << report.error().message;
        ASSERT_TRUE(report->errors.empty()) << report->errors.front().message;
    }
};

// ---- Services --------------------------------------------------------------------------------

TEST_P(PlacesEventsTest, ServicesResolveParentsEvenWhenTheChildComesFirst) {
    auto report = ImportServices(*tenancy_, tenant_, kServices);
    ASSERT_TRUE(report) << report.error().message;
    EXPECT_EQ(report->created, 3u);
    EXPECT_EQ(report->updated, 0u);
    EXPECT_TRUE(report->errors.empty());
    auto police = tenancy_->FindServiceByExternalId(tenant_, "police-municipale");
    auto securite = tenancy_->FindServiceByExternalId(tenant_, "securite");
    ASSERT_TRUE(police && *police && securite && *securite);
    EXPECT_EQ((*police)->parent_id, std::optional<std::string>((*securite)->id));
    EXPECT_EQ((*police)->topics, (std::vector<std::string>{"bruit", "stationnement"}));
    EXPECT_EQ((*police)->phone, std::optional<std::string>("01 60 00 00 17"));
    EXPECT_FALSE((*securite)->parent_id);
}

TEST_P(PlacesEventsTest, ServiceWithAnUnknownParentIsReportedWithItsLine) {
    const std::string text =
        "{\"id\": \"a\", \"name\": \"A\"}\n"
        "{\"id\": \"b\", \"name\": \"B\", \"parent_id\": \"nulle-part\"}\n"
        "{\"id\": \"c\", \"name\": \"C\", \"parent_id\": \"b\"}\n"
        "{\"id\": \"d\"}\n";
    auto report = ImportServices(*tenancy_, tenant_, text);
    ASSERT_TRUE(report) << report.error().message;
    EXPECT_EQ(report->created, 1u);
    ASSERT_EQ(report->errors.size(), 3u);
    std::vector<std::size_t> lines;
    for (const auto& e : report->errors) lines.push_back(e.line);
    std::sort(lines.begin(), lines.end());
    EXPECT_EQ(lines, (std::vector<std::size_t>{2, 3, 4}));
    const auto b = std::find_if(report->errors.begin(), report->errors.end(),
                                [](const ImportError& e) { return e.line == 2; });
    EXPECT_NE(b->message.find("nulle-part"), std::string::npos) << b->message;
    const auto d = std::find_if(report->errors.begin(), report->errors.end(),
                                [](const ImportError& e) { return e.line == 4; });
    EXPECT_NE(d->message.find("« name »"), std::string::npos) << d->message;
    EXPECT_EQ(tenancy_->ListServices(tenant_)->size(), 1u);
}

TEST_P(PlacesEventsTest, ServicesReimportUpdates) {
    ImportServicesOk();
    const std::string again = R"([
  {"id": "securite", "name": "Sécurité"},
  {"id": "police-municipale", "name": "Police municipale", "parent_id": "securite",
   "topics": ["bruit", "tapage", "stationnement"]}
])";
    auto report = ImportServices(*tenancy_, tenant_, again);
    ASSERT_TRUE(report) << report.error().message;
    EXPECT_EQ(report->created, 0u);
    EXPECT_EQ(report->updated, 2u);
    EXPECT_EQ(tenancy_->ListServices(tenant_)->size(), 3u);
    auto police = tenancy_->FindServiceByExternalId(tenant_, "police-municipale");
    ASSERT_TRUE(police && *police);
    EXPECT_EQ((*police)->topics.size(), 3u);
    EXPECT_EQ((*tenancy_->FindServiceByExternalId(tenant_, "securite"))->name, "Sécurité");
    // A parent already known from an earlier import may be named alone.
    auto child = ImportServices(*tenancy_, tenant_,
                                R"({"id": "asvp", "name": "ASVP", "parent_id": "securite"})");
    ASSERT_TRUE(child);
    EXPECT_EQ(child->created, 1u);
    EXPECT_TRUE(child->errors.empty());
}

// ---- Places ----------------------------------------------------------------------------------

TEST_P(PlacesEventsTest, SaveValidatesOpeningHoursAndCoordinates) {
    Place p;
    p.name = "Médiathèque Louise-Michel";
    p.type = "mediatheque";
    p.opening_hours = "Mo-Fr 09:00-12:00; Xx 25:00";
    auto bad_hours = places_->Save(tenant_, p);
    ASSERT_FALSE(bad_hours);
    EXPECT_EQ(bad_hours.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(bad_hours.error().message.find("position"), std::string::npos)
        << bad_hours.error().message;

    p.opening_hours = "Tu-Sa 10:00-18:00";
    p.lat = 48.6;
    auto lat_only = places_->Save(tenant_, p);
    ASSERT_FALSE(lat_only);
    EXPECT_EQ(lat_only.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(lat_only.error().message.find("longitude"), std::string::npos);

    p.lon = 200;
    EXPECT_EQ(places_->Save(tenant_, p).error().code, ErrorCode::kInvalidArgument);
    p.lon = 2.3;
    p.email = "pas-une-adresse";
    EXPECT_EQ(places_->Save(tenant_, p).error().code, ErrorCode::kInvalidArgument);
    p.email.reset();
    p.service_id = "inconnu";
    EXPECT_EQ(places_->Save(tenant_, p).error().code, ErrorCode::kInvalidArgument);
    p.service_id.reset();
    EXPECT_TRUE(places_->List(tenant_)->empty());

    auto saved = places_->Save(tenant_, p);
    ASSERT_TRUE(saved) << saved.error().message;
    EXPECT_FALSE(saved->id.empty());
    EXPECT_EQ(saved->tenant_id, tenant_);
    EXPECT_EQ(saved->opening_hours, "Tu-Sa 10:00-18:00");
    EXPECT_DOUBLE_EQ(saved->lat.value_or(0), 48.6);

    // Saving with its id replaces the fields.
    saved->name = "Médiathèque L.-Michel";
    auto replaced = places_->Save(tenant_, *saved);
    ASSERT_TRUE(replaced);
    EXPECT_EQ(replaced->id, saved->id);
    EXPECT_EQ(places_->List(tenant_)->size(), 1u);
    EXPECT_EQ(places_->Get(tenant_, saved->id)->name, "Médiathèque L.-Michel");
}

TEST_P(PlacesEventsTest, ImportCreatesReportsAndUpdates) {
    ImportServicesOk();
    auto report = places_->Import(tenant_, kPlaces);
    ASSERT_TRUE(report) << report.error().message;
    EXPECT_EQ(report->created, 2u);
    EXPECT_EQ(report->updated, 0u);
    ASSERT_EQ(report->errors.size(), 1u);
    EXPECT_EQ(report->errors[0].line, 13u);  // The row naming the unknown service.
    EXPECT_NE(report->errors[0].message.find("inconnu"), std::string::npos);

    auto mairie = places_->Get(tenant_, "mairie");
    ASSERT_TRUE(mairie);
    EXPECT_EQ(mairie->external_id, std::optional<std::string>("mairie"));
    EXPECT_EQ(mairie->name, "Hôtel de ville");
    EXPECT_EQ(mairie->city, "Villebelle");
    EXPECT_EQ(mairie->opening_hours, "Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00; PH off");
    auto bouin = places_->Get(tenant_, "piscine-bouin");
    ASSERT_TRUE(bouin);
    auto sports = tenancy_->FindServiceByExternalId(tenant_, "sports");
    ASSERT_TRUE(sports && *sports);
    EXPECT_EQ(bouin->service_id, std::optional<std::string>((*sports)->id));
    EXPECT_EQ(places_->Get(tenant_, "piscine-tilleuls").error().code, ErrorCode::kNotFound);

    // Fixed and imported again: the two known rows are updated, the third is created.
    std::string fixed(kPlaces);
    fixed.replace(fixed.find("\"inconnu\""), 9, "\"sports\"");
    fixed.replace(fixed.find("Hôtel de ville"), std::string("Hôtel de ville").size(),
                  "Mairie de Villebelle");
    auto again = places_->Import(tenant_, fixed);
    ASSERT_TRUE(again) << again.error().message;
    EXPECT_EQ(again->created, 1u);
    EXPECT_EQ(again->updated, 2u);
    EXPECT_TRUE(again->errors.empty());
    EXPECT_EQ(places_->List(tenant_)->size(), 3u);
    auto renamed = places_->Get(tenant_, "mairie");
    ASSERT_TRUE(renamed);
    EXPECT_EQ(renamed->id, mairie->id);
    EXPECT_EQ(renamed->name, "Mairie de Villebelle");
}

TEST_P(PlacesEventsTest, ImportReportsBadHoursAndDuplicates) {
    const std::string text =
        "{\"id\": \"a\", \"name\": \"A\", \"type\": \"salle\", \"opening_hours\": \"Mo 9h\"}\n"
        "{\"id\": \"b\", \"name\": \"B\", \"type\": \"salle\", \"lat\": \"48\"}\n"
        "{\"id\": \"c\", \"name\": \"C\", \"type\": \"salle\"}\n"
        "{\"id\": \"c\", \"name\": \"C bis\", \"type\": \"salle\"}\n";
    auto report = places_->Import(tenant_, text);
    ASSERT_TRUE(report) << report.error().message;
    EXPECT_EQ(report->created, 1u);
    ASSERT_EQ(report->errors.size(), 3u);
    EXPECT_EQ(report->errors[0].line, 1u);
    EXPECT_NE(report->errors[0].message.find("position"), std::string::npos);
    EXPECT_EQ(report->errors[1].line, 2u);
    EXPECT_NE(report->errors[1].message.find("« lat »"), std::string::npos);
    EXPECT_EQ(report->errors[2].line, 4u);
    EXPECT_NE(report->errors[2].message.find("ligne 3"), std::string::npos);
}

TEST_P(PlacesEventsTest, NoticesAreListedWithThePlaceAndRemoved) {
    ImportServicesOk();
    ASSERT_TRUE(places_->Import(tenant_, kPlaces));
    auto mairie = places_->Get(tenant_, "mairie");
    ASSERT_TRUE(mairie);
    EXPECT_TRUE(mairie->notices.empty());

    const TimePoint ends = ParisTime(2027, 3, 15, 0);
    auto notice =
        places_->AddNotice(tenant_, "mairie", {.message = "Fermé pour travaux", .ends = ends});
    ASSERT_TRUE(notice) << notice.error().message;
    EXPECT_FALSE(notice->notice.id.empty());
    auto second = places_->AddNotice(tenant_, mairie->id, {.message = "Accueil au 1er étage"});
    ASSERT_TRUE(second);

    auto got = places_->Get(tenant_, "mairie");
    ASSERT_TRUE(got);
    ASSERT_EQ(got->notices.size(), 2u);
    auto listed = places_->List(tenant_);
    ASSERT_TRUE(listed);
    const auto it = std::find_if(listed->begin(), listed->end(),
                                 [&](const Place& p) { return p.id == mairie->id; });
    ASSERT_NE(it, listed->end());
    ASSERT_EQ(it->notices.size(), 2u);
    const auto works = std::find_if(it->notices.begin(), it->notices.end(),
                                    [](const PlaceNotice& n) { return n.ends.has_value(); });
    ASSERT_NE(works, it->notices.end());
    EXPECT_EQ(works->message, "Fermé pour travaux");
    EXPECT_EQ(*works->ends, ends);
    for (const Place& p : *listed) {
        if (p.id != mairie->id) {
            EXPECT_TRUE(p.notices.empty()) << p.name;
        }
    }

    // Refused notices.
    EXPECT_EQ(places_->AddNotice(tenant_, "mairie", {.message = "  "}).error().code,
              ErrorCode::kInvalidArgument);
    EXPECT_EQ(
        places_
            ->AddNotice(tenant_, "mairie",
                        {.message = "x", .starts = ends, .ends = ends - std::chrono::hours(1)})
            .error()
            .code,
        ErrorCode::kInvalidArgument);
    EXPECT_EQ(places_->AddNotice(tenant_, "nulle-part", {.message = "x"}).error().code,
              ErrorCode::kNotFound);

    ASSERT_TRUE(places_->RemoveNotice(tenant_, "mairie", notice->notice.id));
    EXPECT_EQ(places_->Get(tenant_, "mairie")->notices.size(), 1u);
    EXPECT_EQ(places_->RemoveNotice(tenant_, "mairie", notice->notice.id).error().code,
              ErrorCode::kNotFound);
}

TEST_P(PlacesEventsTest, RemoveAndTenantIsolation) {
    ImportServicesOk();
    ASSERT_TRUE(places_->Import(tenant_, kPlaces));
    auto mairie = places_->Get(tenant_, "mairie");
    ASSERT_TRUE(mairie);
    auto notice = places_->AddNotice(tenant_, mairie->id, {.message = "Avis"});
    ASSERT_TRUE(notice);

    const std::string other = MakeTenant("autreville");
    EXPECT_EQ(places_->Get(other, mairie->id).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(places_->Get(other, "mairie").error().code, ErrorCode::kNotFound);
    EXPECT_TRUE(places_->List(other)->empty());
    EXPECT_EQ(places_->Remove(other, mairie->id).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(places_->AddNotice(other, mairie->id, {.message = "x"}).error().code,
              ErrorCode::kNotFound);
    EXPECT_EQ(places_->RemoveNotice(other, mairie->id, notice->notice.id).error().code,
              ErrorCode::kNotFound);
    Place stolen = *mairie;
    stolen.name = "Volé";
    EXPECT_EQ(places_->Save(other, stolen).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(places_->Get(tenant_, "mairie")->name, "Hôtel de ville");
    // The other tenant may use the same external id for its own place.
    auto theirs =
        places_->Import(other, R"([{"id": "mairie", "name": "Mairie", "type": "mairie"}])");
    ASSERT_TRUE(theirs);
    EXPECT_EQ(theirs->created, 1u);
    EXPECT_NE(places_->Get(other, "mairie")->id, mairie->id);

    ASSERT_TRUE(places_->Remove(tenant_, mairie->id));
    EXPECT_EQ(places_->Get(tenant_, "mairie").error().code, ErrorCode::kNotFound);
    EXPECT_EQ(places_->Remove(tenant_, mairie->id).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(places_->List(tenant_)->size(), 1u);
    EXPECT_TRUE(places_->Get(other, "mairie"));
}

// ---- Events ----------------------------------------------------------------------------------

constexpr std::string_view kEvents = R"([
  {
    "id": "marche",
    "title": "Marché",
    "category": "marché",
    "place_id": "mairie",
    "start": "2027-03-06T08:00",
    "end": "2027-03-06T12:30",
    "rrule": "RRULE:FREQ=WEEKLY;BYDAY=SA",
    "exdates": ["2027-03-20T08:00"]
  },
  {
    "id": "expo",
    "title": "Exposition",
    "category": "culture",
    "description": "Peintres de la vallée",
    "start": "2027-02-20T10:00",
    "end": "2027-03-10T18:00"
  },
  {
    "id": "conseil",
    "title": "Conseil municipal",
    "category": "conseil municipal",
    "place_id": "mairie",
    "start": "2027-01-12T19:00",
    "end": "2027-01-12T22:00",
    "rrule": "FREQ=MONTHLY;BYDAY=2TU"
  },
  {
    "id": "concert",
    "title": "Concert",
    "category": "culture",
    "start": "2027-05-01T20:00",
    "end": "2027-05-01T22:00"
  },
  {
    "id": "vide-grenier",
    "title": "Vide-grenier",
    "category": "brocante",
    "place_id": "nulle-part",
    "start": "2027-03-14T08:00",
    "end": "2027-03-14T18:00"
  }
])";

class EventsTest : public PlacesEventsTest {
  protected:
    void SetUp() override {
        PlacesEventsTest::SetUp();
        if (HasFatalFailure()) return;
        ImportServicesOk();
        ASSERT_TRUE(places_->Import(tenant_, kPlaces));
        auto report = events_->Import(tenant_, kEvents);
        ASSERT_TRUE(report) << report.error().message;
        ASSERT_EQ(report->created, 4u);
        ASSERT_EQ(report->errors.size(), 1u);
        EXPECT_EQ(report->errors[0].line, 36u);
        EXPECT_NE(report->errors[0].message.find("nulle-part"), std::string::npos);
    }
};

TEST_P(EventsTest, ImportKeepsFieldsAndUpdatesOnReimport) {
    auto marche = events_->Get(tenant_, "marche");
    ASSERT_TRUE(marche);
    EXPECT_EQ(marche->rrule, "FREQ=WEEKLY;BYDAY=SA");  // "RRULE:" is dropped.
    EXPECT_EQ(marche->start, ParisTime(2027, 3, 6, 8));
    EXPECT_EQ(marche->end, ParisTime(2027, 3, 6, 12, 30));
    EXPECT_EQ(marche->exdates, std::vector<TimePoint>{ParisTime(2027, 3, 20, 8)});
    EXPECT_EQ(marche->place_id, std::optional<std::string>(places_->Get(tenant_, "mairie")->id));
    EXPECT_EQ(events_->List(tenant_)->size(), 4u);

    auto again = events_->Import(
        tenant_,
        R"({"id": "concert", "title": "Concert de jazz", "category": "culture", "start": "2027-05-01T20:30", "end": "2027-05-01T22:00"})");
    ASSERT_TRUE(again) << again.error().message;
    EXPECT_EQ(again->created, 0u);
    EXPECT_EQ(again->updated, 1u);
    EXPECT_EQ(events_->List(tenant_)->size(), 4u);
    EXPECT_EQ(events_->Get(tenant_, "concert")->title, "Concert de jazz");
    EXPECT_EQ(events_->Get(tenant_, "concert")->start, ParisTime(2027, 5, 1, 20, 30));
}

TEST_P(EventsTest, OccurrencesOfAWindow) {
    auto agenda = events_->Occurrences(tenant_, ParisTime(2027, 3, 1, 0), ParisTime(2027, 4, 8, 0));
    ASSERT_TRUE(agenda) << agenda.error().message;
    // The exhibition (begun before the window), the markets of 6, 13, 27 March and 3 April
    // (20 March is cancelled), the council of 9 March.
    ASSERT_EQ(agenda->occurrences.size(), 6u);
    std::vector<std::pair<std::string, TimePoint>> got;
    for (const Occurrence& o : agenda->occurrences)
        got.emplace_back(*agenda->events.at(o.event).external_id, o.start);
    const std::vector<std::pair<std::string, TimePoint>> expected = {
        {"expo", ParisTime(2027, 2, 20, 10)},   {"marche", ParisTime(2027, 3, 6, 8)},
        {"conseil", ParisTime(2027, 3, 9, 19)}, {"marche", ParisTime(2027, 3, 13, 8)},
        {"marche", ParisTime(2027, 3, 27, 8)},  {"marche", ParisTime(2027, 4, 3, 8)}};
    EXPECT_EQ(got, expected);
    EXPECT_TRUE(
        std::is_sorted(agenda->occurrences.begin(), agenda->occurrences.end(),
                       [](const Occurrence& a, const Occurrence& b) { return a.start < b.start; }));
    // Each occurrence lasts as long as the first; the market stays at 08:00 after the change
    // to summer time, which is 06:00 UTC.
    const Occurrence& last = agenda->occurrences.back();
    EXPECT_EQ(last.end - last.start, std::chrono::minutes(270));
    EXPECT_EQ(ToUnixMillis(last.start) % 86'400'000, 6 * 3'600'000);
    EXPECT_EQ(agenda->events.size(), 3u);
}

TEST_P(EventsTest, OccurrencesAtTheEdgesOfTheWindow) {
    // The market of 6 March runs until 12:30: a window from 12:00 still sees it.
    auto agenda =
        events_->Occurrences(tenant_, ParisTime(2027, 3, 6, 12), ParisTime(2027, 3, 6, 14));
    ASSERT_TRUE(agenda);
    ASSERT_EQ(agenda->occurrences.size(), 2u);  // The market and the exhibition.
    // A window of the cancelled day has no market.
    auto cancelled =
        events_->Occurrences(tenant_, ParisTime(2027, 3, 20, 0), ParisTime(2027, 3, 21, 0));
    ASSERT_TRUE(cancelled);
    EXPECT_TRUE(cancelled->occurrences.empty());
    // Nothing for another tenant.
    auto other = events_->Occurrences(MakeTenant("autreville"), ParisTime(2027, 1, 1, 0),
                                      ParisTime(2028, 1, 1, 0));
    ASSERT_TRUE(other);
    EXPECT_TRUE(other->occurrences.empty());
}

TEST_P(EventsTest, CategoryFilter) {
    auto markets = events_->Occurrences(tenant_, ParisTime(2027, 3, 1, 0), ParisTime(2027, 4, 8, 0),
                                        std::string("marché"));
    ASSERT_TRUE(markets);
    EXPECT_EQ(markets->occurrences.size(), 4u);
    ASSERT_EQ(markets->events.size(), 1u);
    EXPECT_EQ(markets->events[0].external_id, std::optional<std::string>("marche"));
    auto culture = events_->Occurrences(tenant_, ParisTime(2027, 1, 1, 0),
                                        ParisTime(2027, 12, 31, 0), std::string("culture"));
    ASSERT_TRUE(culture);
    EXPECT_EQ(culture->occurrences.size(), 2u);
}

TEST_P(EventsTest, FeedIsICalendar) {
    auto feed = events_->Feed(tenant_);
    ASSERT_TRUE(feed) << feed.error().message;
    const std::string& ics = *feed;
    EXPECT_EQ(ics.rfind("BEGIN:VCALENDAR", 0), 0u) << ics;
    EXPECT_NE(ics.find("END:VCALENDAR"), std::string::npos);
    EXPECT_NE(ics.find("BEGIN:VTIMEZONE"), std::string::npos);
    EXPECT_NE(ics.find("RRULE:FREQ=WEEKLY;BYDAY=SA"), std::string::npos) << ics;
    EXPECT_NE(ics.find("RRULE:FREQ=MONTHLY;BYDAY=2TU"), std::string::npos) << ics;
    EXPECT_NE(ics.find("EXDATE;TZID=Europe/Paris:20270320T080000"), std::string::npos) << ics;
    EXPECT_NE(ics.find("DTSTART;TZID=Europe/Paris:20270306T080000"), std::string::npos) << ics;
    EXPECT_NE(ics.find("SUMMARY:Marché"), std::string::npos) << ics;
    EXPECT_NE(ics.find("SUMMARY:Conseil municipal"), std::string::npos) << ics;
    EXPECT_NE(ics.find("UID:marche@villebelle.guichet"), std::string::npos) << ics;
    std::size_t count = 0;
    for (auto at = ics.find("BEGIN:VEVENT"); at != std::string::npos;
         at = ics.find("BEGIN:VEVENT", at + 1))
        ++count;
    EXPECT_EQ(count, 4u);

    auto culture = events_->Feed(tenant_, std::string("culture"));
    ASSERT_TRUE(culture);
    EXPECT_NE(culture->find("SUMMARY:Exposition"), std::string::npos);
    EXPECT_EQ(culture->find("SUMMARY:Marché"), std::string::npos);
    // No event of that category repeats (the zone's own rules do, before the first event).
    const auto first_event = culture->find("BEGIN:VEVENT");
    ASSERT_NE(first_event, std::string::npos);
    EXPECT_EQ(culture->find("RRULE:", first_event), std::string::npos) << *culture;
}

TEST_P(EventsTest, ValidateAndSave) {
    Event e;
    e.title = "Cinéma plein air";
    e.category = "culture";
    e.start = ParisTime(2027, 7, 14, 22);
    e.end = e.start - std::chrono::hours(1);
    auto backwards = EventService::Validate(e);
    ASSERT_FALSE(backwards);
    EXPECT_EQ(backwards.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(backwards.error().message.find("fin"), std::string::npos);
    e.end = e.start;
    EXPECT_FALSE(EventService::Validate(e));
    e.end = e.start + std::chrono::hours(2);
    EXPECT_TRUE(EventService::Validate(e));
    e.rrule = "FREQ=PARFOIS";
    auto bad_rule = EventService::Validate(e);
    ASSERT_FALSE(bad_rule);
    EXPECT_EQ(bad_rule.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(bad_rule.error().message.find("FREQ=PARFOIS"), std::string::npos);
    EXPECT_FALSE(events_->Save(tenant_, e));
    e.rrule.clear();
    e.category = " ";
    EXPECT_FALSE(EventService::Validate(e));
    e.category = "culture";

    auto saved = events_->Save(tenant_, e);
    ASSERT_TRUE(saved) << saved.error().message;
    EXPECT_EQ(events_->List(tenant_)->size(), 5u);
    e.place_id = "nulle-part";
    EXPECT_EQ(events_->Save(tenant_, e).error().code, ErrorCode::kInvalidArgument);
    const std::string other = MakeTenant("autreville");
    EXPECT_EQ(events_->Get(other, saved->id).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(events_->Remove(other, saved->id).error().code, ErrorCode::kNotFound);
    ASSERT_TRUE(events_->Remove(tenant_, saved->id));
    EXPECT_EQ(events_->Get(tenant_, saved->id).error().code, ErrorCode::kNotFound);

    // Import refuses the same problems with their line.
    auto report = events_->Import(
        tenant_,
        "{\"id\": \"x\", \"title\": \"X\", \"category\": \"c\", \"start\": \"2027-03-01T10:00\", "
        "\"end\": \"2027-03-01T09:00\"}\n"
        "{\"id\": \"y\", \"title\": \"Y\", \"category\": \"c\", \"start\": \"2027-03-01T10:00\", "
        "\"end\": \"2027-03-01T11:00\", \"rrule\": \"FREQ=JAMAIS\"}\n"
        "{\"id\": \"z\", \"title\": \"Z\", \"category\": \"c\", \"start\": \"demain\", "
        "\"end\": \"2027-03-01T11:00\"}\n");
    ASSERT_TRUE(report);
    EXPECT_EQ(report->created, 0u);
    ASSERT_EQ(report->errors.size(), 3u);
    EXPECT_EQ(report->errors[0].line, 1u);
    EXPECT_EQ(report->errors[1].line, 2u);
    EXPECT_EQ(report->errors[2].line, 3u);
}

TEST_P(EventsTest, RemovingAPlaceKeepsItsEvents) {
    auto mairie = places_->Get(tenant_, "mairie");
    ASSERT_TRUE(mairie);
    ASSERT_TRUE(places_->Remove(tenant_, mairie->id));
    auto marche = events_->Get(tenant_, "marche");
    ASSERT_TRUE(marche);
    EXPECT_FALSE(marche->place_id);
}

INSTANTIATE_TEST_SUITE_P(Drivers, PlacesEventsTest, ::testing::ValuesIn(AllTestDatabases()),
                         TestDatabaseName());
INSTANTIATE_TEST_SUITE_P(Drivers, EventsTest, ::testing::ValuesIn(AllTestDatabases()),
                         TestDatabaseName());

}  // namespace
}  // namespace guichet::knowledge
