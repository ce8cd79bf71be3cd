#include "knowledge/answer/moment.hpp"

#include <gtest/gtest.h>

#include "search/fold.hpp"

namespace guichet::knowledge {
namespace {

using std::chrono::hours;
using Kind = Moment::Kind;

const date::time_zone* Paris() { return date::locate_zone("Europe/Paris"); }

// A wall-clock time in Paris.
TimePoint Local(int y, unsigned m, unsigned d, int h, int min = 0) {
    const date::local_days day{date::year(y) / date::month(m) / date::day(d)};
    return Paris()->to_sys(day + hours(h) + std::chrono::minutes(min), date::choose::earliest);
}

calendar::Day Day(int y, unsigned m, unsigned d) {
    return calendar::Day{date::year(y) / date::month(m) / date::day(d)};
}

// Zone C, school year 2026-2027 (the names as in the shipped data).
std::vector<calendar::SchoolHoliday> SchoolHolidays() {
    return {
        {Day(2026, 10, 17), Day(2026, 11, 1), "Vacances de la Toussaint"},
        {Day(2026, 12, 19), Day(2027, 1, 3), "Vacances de Noël"},
        {Day(2027, 2, 20), Day(2027, 3, 7), "Vacances d'hiver"},
        {Day(2027, 4, 17), Day(2027, 5, 2), "Vacances de printemps"},
        {Day(2027, 7, 3), Day(2027, 8, 31), "Vacances d'été"},
    };
}

// Saturday 28 November 2026, 15:00 in Paris.
const TimePoint kNow = Local(2026, 11, 28, 15);

Moment ParseAt(std::string_view question, TimePoint now) {
    auto moment = ParseMoment(question, now, Paris(), SchoolHolidays());
    EXPECT_TRUE(moment.has_value()) << question << ": " << (moment ? "" : moment.error().message);
    return moment ? *moment : Moment{};
}

Moment Parse(std::string_view question) { return ParseAt(question, kNow); }

TEST(MomentTest, NoMomentIsNow) {
    const Moment m = Parse("la piscine est-elle ouverte ?");
    EXPECT_EQ(m.kind, Kind::kNow);
    EXPECT_FALSE(m.explicit_time);
    EXPECT_EQ(m.at, kNow);
    EXPECT_EQ(m.from, kNow);
    EXPECT_EQ(m.to, Local(2026, 11, 29, 0));
    EXPECT_EQ(m.label, "maintenant");
    EXPECT_TRUE(m.spans.empty());
    EXPECT_EQ(m.begin, m.end);
}

TEST(MomentTest, NowWords) {
    for (const char* q :
         {"la mairie est ouverte maintenant ?", "en ce moment", "actuellement", "tout de suite"}) {
        const Moment m = Parse(q);
        EXPECT_EQ(m.kind, Kind::kNow) << q;
        EXPECT_TRUE(m.explicit_time) << q;
        EXPECT_EQ(m.at, kNow) << q;
    }
}

TEST(MomentTest, WeekdayWithTime) {
    const Moment m = Parse("la piscine est-elle ouverte dimanche à 11h ?");
    EXPECT_EQ(m.kind, Kind::kInstant);
    EXPECT_EQ(m.at, Local(2026, 11, 29, 11));
    EXPECT_EQ(m.from, Local(2026, 11, 29, 0));
    EXPECT_EQ(m.to, Local(2026, 11, 30, 0));
    EXPECT_FALSE(m.whole_day);
    EXPECT_TRUE(m.explicit_time);
    EXPECT_EQ(m.label, "demain, dimanche 29 novembre à 11 h");
}

TEST(MomentTest, DateWithWeekdayAndTime) {
    const Moment m = Parse("La piscine est-elle ouverte dimanche 6 décembre à 11 h 30 ?");
    EXPECT_EQ(m.kind, Kind::kInstant);
    EXPECT_EQ(m.at, Local(2026, 12, 6, 11, 30));
    EXPECT_EQ(m.label, "dimanche 6 décembre à 11 h 30");
}

TEST(MomentTest, TodayWeekdayIsTodayWhileNotOver) {
    // It is Saturday 15:00.
    Moment m = Parse("samedi");
    EXPECT_EQ(m.kind, Kind::kDay);
    EXPECT_EQ(m.from, Local(2026, 11, 28, 0));
    EXPECT_EQ(m.at, kNow);  // Now is inside the day.
    EXPECT_TRUE(m.whole_day);
    EXPECT_EQ(m.label, "aujourd'hui, samedi 28 novembre");

    m = Parse("samedi soir");
    EXPECT_EQ(m.kind, Kind::kPartOfDay);
    EXPECT_EQ(m.from, Local(2026, 11, 28, 18));
    EXPECT_EQ(m.to, Local(2026, 11, 28, 23));
    EXPECT_EQ(m.at, Local(2026, 11, 28, 19));

    // The morning is over: next Saturday.
    m = Parse("samedi matin");
    EXPECT_EQ(m.from, Local(2026, 12, 5, 6));
    EXPECT_EQ(m.at, Local(2026, 12, 5, 10));
    EXPECT_EQ(m.label, "samedi 5 décembre au matin");

    m = Parse("samedi à 11h");
    EXPECT_EQ(m.at, Local(2026, 12, 5, 11));
    m = Parse("samedi à 17h");
    EXPECT_EQ(m.at, Local(2026, 11, 28, 17));

    m = Parse("samedi prochain");
    EXPECT_EQ(m.from, Local(2026, 12, 5, 0));
    EXPECT_EQ(m.at, Local(2026, 12, 5, 10));
}

TEST(MomentTest, NextWeekdays) {
    EXPECT_EQ(Parse("lundi").from, Local(2026, 11, 30, 0));
    EXPECT_EQ(Parse("mercredi après-midi").from, Local(2026, 12, 2, 14));
    EXPECT_EQ(Parse("vendredi").from, Local(2026, 12, 4, 0));
    // "dimanche prochain" said on Saturday: the coming Sunday is after today, so it is tomorrow.
    EXPECT_EQ(Parse("dimanche prochain").from, Local(2026, 11, 29, 0));
    // Said on Sunday evening.
    const TimePoint sunday_evening = Local(2026, 11, 29, 20);
    EXPECT_EQ(ParseAt("dimanche", sunday_evening).from, Local(2026, 11, 29, 0));
    EXPECT_EQ(ParseAt("dimanche matin", sunday_evening).from, Local(2026, 12, 6, 6));
    EXPECT_EQ(ParseAt("dimanche prochain", sunday_evening).from, Local(2026, 12, 6, 0));
}

TEST(MomentTest, ClosingTimeTonight) {
    const std::string question = "À quelle heure ferme la mairie annexe du centre ce soir";
    const Moment m = Parse(question);
    EXPECT_TRUE(m.asks_closing);
    EXPECT_FALSE(m.asks_opening);
    EXPECT_EQ(m.kind, Kind::kPartOfDay);
    EXPECT_EQ(m.from, Local(2026, 11, 28, 18));
    EXPECT_EQ(m.to, Local(2026, 11, 28, 23));
    EXPECT_EQ(m.label, "aujourd'hui, samedi 28 novembre au soir");
    const std::string blanked = BlankMomentSpans(search::Fold(question), m);
    EXPECT_EQ(blanked.find("soir"), std::string::npos) << blanked;
    EXPECT_EQ(blanked.find("ferme"), std::string::npos) << blanked;
    EXPECT_EQ(blanked.find("quelle"), std::string::npos) << blanked;
    EXPECT_NE(blanked.find("la mairie annexe du centre"), std::string::npos) << blanked;
    EXPECT_EQ(blanked.size(), search::Fold(question).size());
}

TEST(MomentTest, OpeningAndClosingQuestions) {
    EXPECT_TRUE(Parse("à quelle heure ouvre la médiathèque demain").asks_opening);
    EXPECT_TRUE(Parse("quand ouvre la piscine ?").asks_opening);
    EXPECT_TRUE(Parse("à partir de quelle heure est ouverte la poste").asks_opening);
    EXPECT_TRUE(Parse("heure d'ouverture de la mairie").asks_opening);
    EXPECT_TRUE(Parse("jusqu'à quand est ouverte la piscine ?").asks_closing);
    EXPECT_TRUE(Parse("jusqu'à quelle heure la médiathèque est ouverte").asks_closing);
    EXPECT_TRUE(Parse("la mairie ferme à quelle heure ?").asks_closing);
    EXPECT_TRUE(Parse("horaires de fermeture de la déchèterie").asks_closing);
    const Moment closed = Parse("la piscine est-elle fermée dimanche ?");
    EXPECT_FALSE(closed.asks_closing);
    EXPECT_FALSE(closed.asks_opening);
    const Moment m = Parse("à quelle heure ouvre la médiathèque demain");
    EXPECT_EQ(m.kind, Kind::kDay);
    EXPECT_EQ(m.from, Local(2026, 11, 29, 0));
}

TEST(MomentTest, PartsOfDay) {
    Moment m = Parse("médiathèque demain matin");
    EXPECT_EQ(m.kind, Kind::kPartOfDay);
    EXPECT_EQ(m.from, Local(2026, 11, 29, 6));
    EXPECT_EQ(m.to, Local(2026, 11, 29, 12));
    EXPECT_EQ(m.at, Local(2026, 11, 29, 10));
    EXPECT_EQ(m.label, "demain, dimanche 29 novembre au matin");

    m = Parse("demain midi");
    EXPECT_EQ(m.from, Local(2026, 11, 29, 12));
    EXPECT_EQ(m.to, Local(2026, 11, 29, 14));
    m = Parse("demain apres midi");
    EXPECT_EQ(m.from, Local(2026, 11, 29, 14));
    EXPECT_EQ(m.at, Local(2026, 11, 29, 15));
    m = Parse("demain soir");
    EXPECT_EQ(m.at, Local(2026, 11, 29, 19));

    // Now (15:00) is inside this afternoon: evaluate now.
    m = Parse("cet après-midi");
    EXPECT_EQ(m.from, Local(2026, 11, 28, 14));
    EXPECT_EQ(m.at, kNow);
    m = Parse("ce midi");
    EXPECT_EQ(m.from, Local(2026, 11, 28, 12));
    m = Parse("cette nuit");
    EXPECT_EQ(m.from, Local(2026, 11, 28, 22));
    EXPECT_EQ(m.to, Local(2026, 11, 29, 6));
    // "le matin" without a day, said in the afternoon: tomorrow morning.
    m = Parse("le matin");
    EXPECT_EQ(m.from, Local(2026, 11, 29, 6));
}

TEST(MomentTest, RelativeDays) {
    Moment m = Parse("aujourd'hui");
    EXPECT_EQ(m.kind, Kind::kDay);
    EXPECT_EQ(m.from, Local(2026, 11, 28, 0));
    EXPECT_EQ(m.at, kNow);
    m = Parse("demain");
    EXPECT_EQ(m.from, Local(2026, 11, 29, 0));
    EXPECT_EQ(m.to, Local(2026, 11, 30, 0));
    EXPECT_EQ(m.at, Local(2026, 11, 29, 10));
    EXPECT_EQ(Parse("après-demain").from, Local(2026, 11, 30, 0));
    EXPECT_EQ(Parse("apres demain").from, Local(2026, 11, 30, 0));
}

TEST(MomentTest, WeekendAndWeeks) {
    Moment m = Parse("que faire ce week-end ?");
    EXPECT_EQ(m.kind, Kind::kRange);
    EXPECT_EQ(m.from, Local(2026, 11, 28, 0));
    EXPECT_EQ(m.to, Local(2026, 11, 30, 0));
    EXPECT_EQ(m.at, kNow);
    EXPECT_EQ(m.label, "ce week-end (du samedi 28 novembre au dimanche 29 novembre)");

    // On a Wednesday, "ce week-end" is the coming one; on Sunday it is today.
    m = ParseAt("ce weekend", Local(2026, 11, 25, 9));
    EXPECT_EQ(m.from, Local(2026, 11, 28, 0));
    EXPECT_EQ(m.at, Local(2026, 11, 28, 10));
    m = ParseAt("ce week-end", Local(2026, 11, 29, 9));
    EXPECT_EQ(m.from, Local(2026, 11, 29, 0));
    EXPECT_EQ(m.to, Local(2026, 11, 30, 0));
    m = Parse("le week-end prochain");
    EXPECT_EQ(m.from, Local(2026, 12, 5, 0));
    EXPECT_EQ(m.to, Local(2026, 12, 7, 0));

    EXPECT_EQ(Parse("le prochain week-end").from, Local(2026, 12, 5, 0));
    const std::string question = "la piscine ce week-end ?";
    const std::string blanked = BlankMomentSpans(search::Fold(question), Parse(question));
    EXPECT_EQ(blanked, "la piscine             ?");

    m = Parse("cette semaine");
    EXPECT_EQ(m.from, Local(2026, 11, 28, 0));
    EXPECT_EQ(m.to, Local(2026, 11, 30, 0));
    m = Parse("la semaine prochaine");
    EXPECT_EQ(m.from, Local(2026, 11, 30, 0));
    EXPECT_EQ(m.to, Local(2026, 12, 7, 0));
    EXPECT_EQ(Parse("la prochaine semaine").from, Local(2026, 11, 30, 0));
    EXPECT_EQ(ParseAt("cette semaine", Local(2026, 11, 25, 9)).to, Local(2026, 11, 30, 0));
}

TEST(MomentTest, Dates) {
    Moment m = Parse("le 25 décembre");
    EXPECT_EQ(m.kind, Kind::kDay);
    EXPECT_EQ(m.from, Local(2026, 12, 25, 0));
    EXPECT_EQ(m.label, "vendredi 25 décembre");
    EXPECT_EQ(Parse("le 25 decembre").from, Local(2026, 12, 25, 0));
    EXPECT_EQ(Parse("le 25/12").from, Local(2026, 12, 25, 0));
    EXPECT_EQ(Parse("25/12/2027").from, Local(2027, 12, 25, 0));
    EXPECT_EQ(Parse("25 décembre 2027").from, Local(2027, 12, 25, 0));
    m = Parse("1er janvier");
    EXPECT_EQ(m.from, Local(2027, 1, 1, 0));
    EXPECT_EQ(m.label, "vendredi 1er janvier 2027");
    // Today counts; a past date is next year's.
    EXPECT_EQ(Parse("le 28 novembre").from, Local(2026, 11, 28, 0));
    EXPECT_EQ(Parse("le 1er novembre").from, Local(2027, 11, 1, 0));
    EXPECT_EQ(Parse("le 3 janv.").from, Local(2027, 1, 3, 0));
    EXPECT_EQ(Parse("le 24 décembre à 18h").at, Local(2026, 12, 24, 18));
    // 29 February waits for a leap year.
    EXPECT_EQ(Parse("le 29 février").from, Local(2028, 2, 29, 0));
}

TEST(MomentTest, Times) {
    EXPECT_EQ(Parse("à 17h").at, Local(2026, 11, 28, 17));
    EXPECT_EQ(Parse("vers 18h").at, Local(2026, 11, 28, 18));
    EXPECT_EQ(Parse("à 16:45").at, Local(2026, 11, 28, 16, 45));
    EXPECT_EQ(Parse("17 heures").at, Local(2026, 11, 28, 17));
    EXPECT_EQ(Parse("à 8 h du soir").at, Local(2026, 11, 28, 20));
    // 11:00 has passed today: tomorrow.
    const Moment m = Parse("à 11h");
    EXPECT_EQ(m.kind, Kind::kInstant);
    EXPECT_EQ(m.at, Local(2026, 11, 29, 11));
    EXPECT_EQ(Parse("demain 11h30").at, Local(2026, 11, 29, 11, 30));
    EXPECT_EQ(Parse("demain à 9:00").at, Local(2026, 11, 29, 9));
    EXPECT_EQ(Parse("demain à midi").at, Local(2026, 11, 29, 12));
    EXPECT_EQ(Parse("demain à midi").kind, Kind::kInstant);
    EXPECT_EQ(Parse("demain à midi").label, "demain, dimanche 29 novembre à midi");
    const Moment midnight = Parse("ouvert jusqu'à minuit ce soir");
    EXPECT_EQ(midnight.at, Local(2026, 11, 28, 23, 59));
    EXPECT_EQ(midnight.label, "aujourd'hui, samedi 28 novembre à minuit");
}

TEST(MomentTest, SchoolHolidays) {
    Moment m = Parse("la piscine est-elle ouverte pendant les vacances de février ?");
    EXPECT_EQ(m.kind, Kind::kRange);
    EXPECT_EQ(m.from, Local(2027, 2, 20, 0));
    EXPECT_EQ(m.to, Local(2027, 3, 8, 0));
    EXPECT_EQ(m.at, Local(2027, 2, 20, 10));
    EXPECT_EQ(m.label, "Vacances d'hiver (du samedi 20 février 2027 au dimanche 7 mars 2027)");
    EXPECT_EQ(Parse("vacances d'hiver").from, Local(2027, 2, 20, 0));
    EXPECT_EQ(Parse("vacances de noel").from, Local(2026, 12, 19, 0));
    EXPECT_EQ(Parse("pendant les vacances de Pâques").from, Local(2027, 4, 17, 0));
    EXPECT_EQ(Parse("grandes vacances").from, Local(2027, 7, 3, 0));
    EXPECT_EQ(Parse("vacances d'été").from, Local(2027, 7, 3, 0));
    // Without a name: the current or next period.
    EXPECT_EQ(Parse("pendant les vacances").from, Local(2026, 12, 19, 0));
    // During the Christmas holidays, they are the current period and `at` is now.
    const TimePoint christmas = Local(2026, 12, 28, 9);
    m = ParseAt("pendant les vacances", christmas);
    EXPECT_EQ(m.from, Local(2026, 12, 19, 0));
    EXPECT_EQ(m.at, christmas);
    // The next Toussaint is not in the data: unclear, never another period.
    const auto unknown = ParseMoment("vacances de la Toussaint", kNow, Paris(), SchoolHolidays());
    ASSERT_TRUE(unknown.has_value());
    EXPECT_EQ(unknown->unclear, "Les vacances de la Toussaint à venir ne sont pas connues.");
    EXPECT_TRUE(unknown->explicit_time);
}

TEST(MomentTest, TyposAndAccents) {
    EXPECT_EQ(Parse("DIMANCHE").from, Local(2026, 11, 29, 0));
    EXPECT_EQ(Parse("dimance").from, Local(2026, 11, 29, 0));
    EXPECT_EQ(Parse("mercredit").from, Local(2026, 12, 2, 0));
    EXPECT_EQ(Parse("le 25 decmbre").from, Local(2026, 12, 25, 0));
    EXPECT_EQ(Parse("vacances de fevrier").from, Local(2027, 2, 20, 0));
    EXPECT_EQ(Parse("aujourdhui").from, Local(2026, 11, 28, 0));
    // A no-break space between the hour and "h", as French typing often has.
    EXPECT_EQ(Parse("demain à 11\u00a0h").at, Local(2026, 11, 29, 11));
}

TEST(MomentTest, UnclearDatesAreNotErrorsButNeverToday) {
    const auto unclear = [](std::string_view q) {
        auto m = ParseMoment(q, kNow, Paris(), SchoolHolidays());
        EXPECT_TRUE(m.has_value()) << q;
        return m ? m->unclear : std::string("error");
    };
    EXPECT_EQ(unclear("le 31 février"), "Le 31 février n'existe pas.");
    EXPECT_EQ(unclear("le 29/02/2027"), "Le 29 février 2027 n'existe pas.");
    EXPECT_EQ(unclear("le 12/13"), "Le mois « 13 » n'existe pas.");
    EXPECT_EQ(unclear("demain à 25h"), "L'heure « 25h » n'existe pas.");
    EXPECT_EQ(unclear("pour la Saint-Glinglin"),
              "Je ne sais pas quel jour est « la saint-glinglin ».");
    EXPECT_EQ(unclear("demain lundi"),
              "« demain » n'est pas un lundi : c'est le dimanche 29 novembre.");
    EXPECT_EQ(unclear("samedi 13"), "« samedi 13 » : le 13 décembre 2026 est un dimanche.");
    EXPECT_EQ(unclear("demain"), "");
    const auto m = ParseMoment("le 31 février", kNow, Paris(), SchoolHolidays());
    EXPECT_EQ(m->kind, Kind::kNow);
    EXPECT_TRUE(m->explicit_time);
    EXPECT_TRUE(m->label.empty());
    const auto no_zone = ParseMoment("demain", kNow, nullptr, SchoolHolidays());
    ASSERT_FALSE(no_zone.has_value());
    EXPECT_EQ(no_zone.error().code, ErrorCode::kInvalidArgument);
}

TEST(MomentTest, LabelsNameTheResolvedDay) {
    EXPECT_EQ(Parse("jeudi 24 décembre au soir").label, "jeudi 24 décembre au soir");
    EXPECT_EQ(Parse("ce soir à 1h").label, "demain, dimanche 29 novembre à 1 h");
    EXPECT_EQ(Parse("demain en fin de matinée").label,
              "demain, dimanche 29 novembre en fin de matinée");
    EXPECT_EQ(Parse("lundi de 14h à 16h").label, "lundi 30 novembre de 14 h à 16 h");
    EXPECT_EQ(Parse("pendant les fêtes").label,
              "pendant les fêtes (du jeudi 24 décembre au vendredi 1er janvier 2027)");
    EXPECT_EQ(Parse("le jour de l'An").label, "vendredi 1er janvier 2027");
    const Moment yesterday = Parse("hier");
    EXPECT_EQ(yesterday.label, "hier, vendredi 27 novembre");
    EXPECT_TRUE(yesterday.past);
    EXPECT_FALSE(Parse("demain").past);
}

TEST(MomentTest, SpansOfAComposedMoment) {
    const std::string question =
        "la piscine est-elle ouverte le jeudi après-midi pendant les vacances de Noël ?";
    const Moment m = Parse(question);
    EXPECT_EQ(m.from, Local(2026, 12, 24, 14));
    EXPECT_EQ(m.to, Local(2026, 12, 24, 18));
    const std::string blanked = BlankMomentSpans(search::Fold(question), m);
    EXPECT_EQ(blanked.substr(0, 28), "la piscine est-elle ouverte ");
    EXPECT_EQ(blanked.find_first_not_of(' ', 28), blanked.size() - 1) << blanked;
    // A feast in an event's name is not a date.
    const Moment market = Parse("le marché de Noël est-il ouvert dimanche ?");
    EXPECT_EQ(market.from, Local(2026, 11, 29, 0));
}

TEST(MomentTest, SpringForward) {
    // Saturday 27 March 2027, 15:00 CET; clocks go to 03:00 CEST on Sunday at 02:00.
    const TimePoint now = Local(2027, 3, 27, 15);
    using date::sys_days;
    const auto utc = [](int y, unsigned m, unsigned d, int h) {
        return TimePoint(sys_days(date::year(y) / date::month(m) / date::day(d)) + hours(h));
    };
    EXPECT_EQ(now, utc(2027, 3, 27, 14));
    Moment m = ParseAt("demain à 11h", now);
    EXPECT_EQ(m.at, utc(2027, 3, 28, 9));  // 11:00 CEST
    EXPECT_EQ(m.to - m.from, hours(23));
    m = ParseAt("ce week-end", now);
    EXPECT_EQ(m.from, utc(2027, 3, 26, 23));
    EXPECT_EQ(m.to, utc(2027, 3, 28, 22));
    EXPECT_EQ(m.to - m.from, hours(47));
    m = ParseAt("demain matin", now);
    EXPECT_EQ(m.from, utc(2027, 3, 28, 4));
    EXPECT_EQ(m.to, utc(2027, 3, 28, 10));
    // 02:30 does not exist that night: the instant of the change (03:00 CEST).
    m = ParseAt("demain à 2h30", now);
    EXPECT_EQ(m.at, utc(2027, 3, 28, 1));
}

TEST(MomentTest, FallBack) {
    // Sunday 25 October 2026 lasts 25 hours in Paris.
    const Moment m = ParseAt("demain", Local(2026, 10, 24, 12));
    EXPECT_EQ(m.to - m.from, hours(25));
    EXPECT_EQ(ParseAt("demain à 2h30", Local(2026, 10, 24, 12)).at,
              TimePoint(date::sys_days(date::year(2026) / 10 / 25)) + std::chrono::minutes(30));
}

}  // namespace
}  // namespace guichet::knowledge
