#include "requests/request.hpp"

#include <algorithm>

namespace guichet::requests {

std::string_view ChannelName(Channel c) {
    switch (c) {
        case Channel::kWeb:
            return "web";
        case Channel::kEmail:
            return "email";
        case Channel::kPhone:
            return "phone";
        case Channel::kCounter:
            return "counter";
        case Channel::kLetter:
            return "letter";
        case Channel::kOpen311:
            return "open311";
        case Channel::kApi:
            return "api";
    }
    return "web";
}

std::optional<Channel> ParseChannel(std::string_view name) {
    for (Channel c : kChannels)
        if (ChannelName(c) == name) return c;
    return std::nullopt;
}

bool IsElectronic(Channel c) {
    return c == Channel::kWeb || c == Channel::kEmail || c == Channel::kOpen311 ||
           c == Channel::kApi;
}

std::string_view KindName(Kind k) { return k == Kind::kComplaint ? "complaint" : "request"; }

std::optional<Kind> ParseKind(std::string_view name) {
    if (name == "request") return Kind::kRequest;
    if (name == "complaint") return Kind::kComplaint;
    return std::nullopt;
}

std::string_view CommitmentName(Commitment c) {
    switch (c) {
        case Commitment::kAcknowledgement:
            return "acknowledgement";
        case Commitment::kFirstAnswer:
            return "first_answer";
        case Commitment::kResolution:
            return "resolution";
    }
    return "resolution";
}

std::string_view DelayUnitName(DelayUnit u) {
    switch (u) {
        case DelayUnit::kWorkingDays:
            return "working_days";
        case DelayUnit::kWorkableDays:
            return "workable_days";
        case DelayUnit::kCalendarDays:
            return "calendar_days";
        case DelayUnit::kBusinessHours:
            return "business_hours";
    }
    return "working_days";
}

std::optional<DelayUnit> ParseDelayUnit(std::string_view name) {
    for (DelayUnit u : {DelayUnit::kWorkingDays, DelayUnit::kWorkableDays, DelayUnit::kCalendarDays,
                        DelayUnit::kBusinessHours})
        if (DelayUnitName(u) == name) return u;
    return std::nullopt;
}

const StatusDef* Workflow::Find(std::string_view key) const {
    for (const auto& s : statuses)
        if (s.key == key) return &s;
    return nullptr;
}

bool Workflow::Allows(std::string_view from, std::string_view to) const {
    return std::any_of(transitions.begin(), transitions.end(),
                       [&](const Transition& t) { return t.from == from && t.to == to; });
}

Workflow DefaultWorkflow() {
    Workflow w;
    w.initial = "nouvelle";
    w.statuses = {
        {"nouvelle", "Reçue", "Nouvelle", false, false},
        {"en_cours", "En cours de traitement", "En cours", false, false},
        {"attente_usager", "En attente de votre réponse", "En attente de l'usager", false, true},
        {"repondue", "Réponse envoyée", "Répondue", false, false},
        {"close", "Terminée", "Close", true, false},
        {"rejetee", "Non retenue", "Rejetée", true, false},
    };
    w.transitions = {
        {"nouvelle", "en_cours"},    {"nouvelle", "attente_usager"}, {"nouvelle", "repondue"},
        {"nouvelle", "rejetee"},     {"en_cours", "attente_usager"}, {"en_cours", "repondue"},
        {"en_cours", "rejetee"},     {"attente_usager", "en_cours"}, {"attente_usager", "repondue"},
        {"attente_usager", "close"}, {"repondue", "en_cours"},       {"repondue", "close"},
        {"close", "en_cours"},  // Reopened (a citizen's reply to a closed request).
    };
    return w;
}

namespace {

CharterRule Rule(std::optional<Channel> channel, std::optional<Delay> ack,
                 std::optional<Delay> first, std::optional<Delay> resolution,
                 std::optional<Kind> kind = std::nullopt) {
    CharterRule r;
    r.channel = channel;
    r.kind = kind;
    r.acknowledgement = ack;
    r.first_answer = first;
    r.resolution = resolution;
    return r;
}

constexpr Delay WorkingDays(int n) { return {n, DelayUnit::kWorkingDays}; }
constexpr Delay CalendarDays(int n) { return {n, DelayUnit::kCalendarDays}; }

}  // namespace

// Référentiel Marianne (2016 edition, engagements 5 to 8): e-mails answered within 5 working
// days, letters within 15 working days, complaints within 15 working days; telephone calls are
// taken within 5 rings (a call-centre indicator, not a request deadline), so a call that becomes
// a request is answered like a letter. Acknowledgements: at once for electronic channels (the
// next working day here), and resolution within 2 months (the silence rule of the CRPA).
Charter MarianneCharter() {
    Charter c;
    c.version = 1;
    c.preset = "marianne";
    const Delay month2 = CalendarDays(60);
    c.rules = {
        Rule(Channel::kEmail, WorkingDays(1), WorkingDays(5), month2),
        Rule(Channel::kWeb, WorkingDays(1), WorkingDays(5), month2),
        Rule(Channel::kOpen311, WorkingDays(1), WorkingDays(5), month2),
        Rule(Channel::kApi, WorkingDays(1), WorkingDays(5), month2),
        Rule(Channel::kLetter, WorkingDays(5), WorkingDays(15), month2),
        Rule(Channel::kPhone, std::nullopt, WorkingDays(5), month2),
        Rule(Channel::kCounter, std::nullopt, WorkingDays(5), month2),
        Rule(std::nullopt, WorkingDays(2), WorkingDays(15), month2, Kind::kComplaint),
    };
    return c;
}

// Services Publics + (2021): electronic requests acknowledged within a week and postal ones
// within two weeks; answers within the deadlines each administration publishes, here 15 working
// days (5 for complaints' acknowledgement), resolution within 2 months.
Charter ServicesPublicsPlusCharter() {
    Charter c;
    c.version = 1;
    c.preset = "services_publics_plus";
    const Delay month2 = CalendarDays(60);
    c.rules = {
        Rule(Channel::kEmail, CalendarDays(7), WorkingDays(15), month2),
        Rule(Channel::kWeb, CalendarDays(7), WorkingDays(15), month2),
        Rule(Channel::kOpen311, CalendarDays(7), WorkingDays(15), month2),
        Rule(Channel::kApi, CalendarDays(7), WorkingDays(15), month2),
        Rule(Channel::kLetter, CalendarDays(14), WorkingDays(15), month2),
        Rule(Channel::kPhone, std::nullopt, WorkingDays(15), month2),
        Rule(Channel::kCounter, std::nullopt, WorkingDays(15), month2),
        Rule(std::nullopt, WorkingDays(5), WorkingDays(15), month2, Kind::kComplaint),
    };
    return c;
}

}  // namespace guichet::requests
