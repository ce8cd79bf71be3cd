// Markdown rendering of article bodies and the French wording of days and times.
#include <gtest/gtest.h>

#include "knowledge/french_text.hpp"
#include "knowledge/markdown.hpp"

namespace guichet::knowledge {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

date::local_days Day(int y, unsigned m, unsigned d) {
    return date::local_days{date::year{y} / date::month{m} / date::day{d}};
}

date::local_seconds At(date::local_days day, int h, int m = 0) {
    return date::local_seconds(day) + hours(h) + minutes(m);
}

TEST(MarkdownTest, RendersHeadingsListsAndEmphasis) {
    const std::string html = MarkdownToHtml(
        "# Carte d'identité\n\n## Pièces\n\n- un justificatif\n- une photo\n\n1. un\n2. deux\n\n"
        "Un **rendez-vous** est *nécessaire*.\n");
    EXPECT_NE(html.find("<h1>"), std::string::npos) << html;
    EXPECT_NE(html.find("<h2>Pièces</h2>"), std::string::npos) << html;
    EXPECT_NE(html.find("<ul>"), std::string::npos) << html;
    EXPECT_NE(html.find("<li>un justificatif</li>"), std::string::npos) << html;
    EXPECT_NE(html.find("<ol>"), std::string::npos) << html;
    EXPECT_NE(html.find("<strong>rendez-vous</strong>"), std::string::npos) << html;
    EXPECT_NE(html.find("<em>nécessaire</em>"), std::string::npos) << html;
}

TEST(MarkdownTest, DropsRawHtmlAndScripts) {
    const std::string html = MarkdownToHtml(
        "Avant\n\n<script>alert(1)</script>\n\nTexte <b onclick=\"x()\">gras</b> et "
        "<img src=x onerror=alert(1)>\n\n<div style=\"color:red\">bloc</div>\n");
    EXPECT_EQ(html.find("<script"), std::string::npos) << html;
    EXPECT_EQ(html.find("onclick"), std::string::npos) << html;
    EXPECT_EQ(html.find("onerror"), std::string::npos) << html;
    EXPECT_EQ(html.find("<div"), std::string::npos) << html;
    EXPECT_EQ(html.find("<b "), std::string::npos) << html;
    EXPECT_NE(html.find("Avant"), std::string::npos) << html;
}

TEST(MarkdownTest, DangerousLinksLoseTheirUrl) {
    const std::string html = MarkdownToHtml(
        "[x](javascript:alert(1)) [y](JavaScript:alert(2)) [z](vbscript:msgbox) "
        "[ok](https://www.service-public.fr/)\n");
    EXPECT_EQ(html.find("javascript:"), std::string::npos) << html;
    EXPECT_EQ(html.find("JavaScript:"), std::string::npos) << html;
    EXPECT_EQ(html.find("vbscript:"), std::string::npos) << html;
    EXPECT_NE(html.find("href=\"https://www.service-public.fr/\""), std::string::npos) << html;
}

TEST(MarkdownTest, EscapesTextAndHandlesEmptyInput) {
    EXPECT_EQ(MarkdownToHtml(""), "");
    const std::string html = MarkdownToHtml("a < b & c > d\n");
    EXPECT_NE(html.find("a &lt; b &amp; c &gt; d"), std::string::npos) << html;
}

TEST(FrenchTextTest, Days) {
    const auto today = Day(2026, 12, 1);
    EXPECT_EQ(FrenchDay(Day(2026, 12, 6), today), "dimanche 6 décembre");
    EXPECT_EQ(FrenchDay(Day(2026, 12, 1), today), "mardi 1er décembre");
    EXPECT_EQ(FrenchDay(Day(2026, 8, 15), today), "samedi 15 août");
    // Another year is named.
    EXPECT_EQ(FrenchDay(Day(2027, 1, 1), today), "vendredi 1er janvier 2027");
}

TEST(FrenchTextTest, Clock) {
    const auto day = Day(2026, 12, 6);
    EXPECT_EQ(FrenchClock(At(day, 9)), "9 h");
    EXPECT_EQ(FrenchClock(At(day, 9, 30)), "9 h 30");
    EXPECT_EQ(FrenchClock(At(day, 0, 5)), "0 h 05");
    EXPECT_EQ(FrenchClock(At(day, 18, 45)), "18 h 45");
    EXPECT_EQ(FrenchClock(At(day, 0)), "0 h");
}

TEST(FrenchTextTest, When) {
    const auto today = Day(2026, 12, 5);
    EXPECT_EQ(FrenchWhen(At(today, 14), today), "aujourd'hui à 14 h");
    EXPECT_EQ(FrenchWhen(At(Day(2026, 12, 6), 9, 30), today), "demain à 9 h 30");
    EXPECT_EQ(FrenchWhen(At(Day(2026, 12, 7), 9), today), "lundi 7 décembre à 9 h");
}

TEST(FrenchTextTest, Ranges) {
    const auto day = Day(2026, 12, 5);
    EXPECT_EQ(FrenchRanges({}), "");
    EXPECT_EQ(FrenchRanges({{At(day, 9), At(day, 12)}}), "de 9 h à 12 h");
    EXPECT_EQ(FrenchRanges({{At(day, 9), At(day, 12)}, {At(day, 14), At(day, 18)}}),
              "de 9 h à 12 h et de 14 h à 18 h");
    EXPECT_EQ(FrenchRanges({{At(day, 8), At(day, 10)},
                            {At(day, 10, 30), At(day, 12)},
                            {At(day, 14), At(day, 17, 30)}}),
              "de 8 h à 10 h, de 10 h 30 à 12 h et de 14 h à 17 h 30");
    // Ending at midnight is said "minuit", not "0 h".
    EXPECT_EQ(FrenchRanges({{At(day, 18), At(day + date::days(1), 0)}}), "de 18 h à minuit");
    // Past midnight the hour of the next day is given.
    EXPECT_EQ(FrenchRanges({{At(day, 22), At(day + date::days(1), 2)}}), "de 22 h à 2 h");
}

}  // namespace
}  // namespace guichet::knowledge
