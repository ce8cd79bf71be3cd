#include "identity/roles.hpp"

#include <algorithm>
#include <array>

namespace guichet::identity {
namespace {

constexpr std::array<std::pair<Role, std::string_view>, 5> kRoles = {{
    {Role::kReception, "reception"},
    {Role::kCaseAgent, "case_agent"},
    {Role::kManager, "manager"},
    {Role::kTenantAdmin, "tenant_admin"},
    {Role::kPlatformAdmin, "platform_admin"},
}};

constexpr std::array<std::pair<Permission, std::string_view>, 14> kPermissions = {{
    {Permission::kPresenceRead, "presence.read"},
    {Permission::kDirectoryRead, "directory.read"},
    {Permission::kServicesManage, "services.manage"},
    {Permission::kAgentsManage, "agents.manage"},
    {Permission::kApiKeysManage, "apikeys.manage"},
    {Permission::kAuditRead, "audit.read"},
    {Permission::kCalendarManage, "calendar.manage"},
    {Permission::kKnowledgeRead, "knowledge.read"},
    {Permission::kKnowledgeWrite, "knowledge.write"},
    {Permission::kKnowledgePublish, "knowledge.publish"},
    {Permission::kKnowledgeManage, "knowledge.manage"},
    {Permission::kRequestsRead, "requests.read"},
    {Permission::kRequestsWrite, "requests.write"},
    {Permission::kRequestsManage, "requests.manage"},
}};

bool RoleAllows(Role role, Permission p) {
    switch (p) {
        case Permission::kPresenceRead:
        case Permission::kDirectoryRead:
        case Permission::kKnowledgeRead:
        case Permission::kRequestsRead:
        case Permission::kRequestsWrite:
            // Every agent works with colleagues, answers from the knowledge base, registers
            // requests (reception) and handles them (case agents).
            return true;
        case Permission::kKnowledgeWrite:
            return role != Role::kReception;  // Reception agents read; case agents and up write.
        case Permission::kKnowledgePublish:
        case Permission::kKnowledgeManage:
        case Permission::kRequestsManage:
            return role == Role::kManager || role == Role::kTenantAdmin ||
                   role == Role::kPlatformAdmin;
        case Permission::kServicesManage:
        case Permission::kAgentsManage:
        case Permission::kCalendarManage:
        case Permission::kApiKeysManage:
            return role == Role::kTenantAdmin || role == Role::kPlatformAdmin;
        case Permission::kAuditRead:
            return role == Role::kManager || role == Role::kTenantAdmin ||
                   role == Role::kPlatformAdmin;
    }
    return false;
}

}  // namespace

std::string_view RoleName(Role role) {
    for (const auto& [r, name] : kRoles)
        if (r == role) return name;
    return "reception";
}

std::optional<Role> ParseRole(std::string_view name) {
    for (const auto& [r, n] : kRoles)
        if (n == name) return r;
    return std::nullopt;
}

std::string_view PermissionName(Permission p) {
    for (const auto& [perm, name] : kPermissions)
        if (perm == p) return name;
    return "";
}

bool Allows(const std::vector<Role>& roles, Permission permission) {
    return std::any_of(roles.begin(), roles.end(),
                       [&](Role r) { return RoleAllows(r, permission); });
}

bool AllowsNamed(const std::vector<Role>& roles, std::string_view permission) {
    for (const auto& [perm, name] : kPermissions)
        if (name == permission) return Allows(roles, perm);
    return false;
}

std::string JoinRoles(const std::vector<Role>& roles) {
    std::string out;
    for (Role r : roles) {
        if (!out.empty()) out += ',';
        out += RoleName(r);
    }
    return out;
}

std::optional<std::vector<Role>> ParseRoles(std::string_view csv) {
    std::vector<Role> roles;
    while (!csv.empty()) {
        auto comma = csv.find(',');
        std::string_view part = csv.substr(0, comma);
        while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
        while (!part.empty() && part.back() == ' ') part.remove_suffix(1);
        auto role = ParseRole(part);
        if (!role) return std::nullopt;
        if (std::find(roles.begin(), roles.end(), *role) == roles.end()) roles.push_back(*role);
        if (comma == std::string_view::npos) break;
        csv.remove_prefix(comma + 1);
    }
    if (roles.empty()) return std::nullopt;
    return roles;
}

std::vector<std::string_view> GrantedPermissionNames(const std::vector<Role>& roles) {
    std::vector<std::string_view> names;
    for (const auto& [perm, name] : kPermissions)
        if (Allows(roles, perm)) names.push_back(name);
    return names;
}

}  // namespace guichet::identity
