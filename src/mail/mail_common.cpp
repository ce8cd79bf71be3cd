#include "mail/mail_common.hpp"

#include "calendar/french_dates.hpp"
#include "mail/text_conversion.hpp"

namespace guichet::mail {

std::string FrenchDateTime(TimePoint t, const std::string& zone_name) {
    return calendar::FrenchDateTime(t, calendar::ZoneOrParis(zone_name));
}

std::string SafeSubject(const std::string& subject) {
    constexpr std::size_t kMaxSubject = 300;
    std::string s = TruncateUtf8(subject, kMaxSubject);
    return s.empty() ? "(sans objet)" : s;
}

std::string Footer(const requests::Request& q, bool automatic) {
    std::string footer = "\n\n-- \n";
    if (automatic) footer += "Ce message est envoyé automatiquement. ";
    footer += "Référence de suivi : " + q.tracking_code +
              ". Pour compléter votre demande, répondez à ce message en gardant la référence "
              "dans l'objet : votre réponse sera jointe à votre demande.\n";
    return footer;
}

}  // namespace guichet::mail
