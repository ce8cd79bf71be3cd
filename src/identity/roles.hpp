// Roles of agents and what each may do.
//
// Roles are coarse (the five jobs of DESIGN.md §1); permissions are what code checks. A handler
// asks Allows(roles, Permission::kX), never "is this a manager?", so that adding a role or moving
// a permission is a change in roles.cpp alone.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace guichet::identity {

enum class Role { kReception, kCaseAgent, kManager, kTenantAdmin, kPlatformAdmin };

enum class Permission {
    kPresenceRead,      // See which colleagues are online.
    kDirectoryRead,     // List agents and services of the tenant.
    kServicesManage,    // Create and change services.
    kAgentsManage,      // Create agents, reset passwords.
    kApiKeysManage,     // Create and revoke integration keys.
    kAuditRead,         // Read the audit log.
    kCalendarManage,    // Change the tenant's calendar: zones, business hours, closures.
    kKnowledgeRead,     // Read internal and unpublished articles.
    kKnowledgeWrite,    // Write article drafts.
    kKnowledgePublish,  // Publish, unpublish and archive articles.
    kKnowledgeManage,   // Places, events, synonyms, imports.
    kRequestsRead,      // See the tenant's requests and their timelines.
    kRequestsWrite,     // Register, answer, transfer and close requests.
    kRequestsManage,    // Request categories, workflows, the deadline charter, routing.
};

std::string_view RoleName(Role role);  // "case_agent"
std::optional<Role> ParseRole(std::string_view name);
std::string_view PermissionName(Permission p);  // "presence.read"

bool Allows(const std::vector<Role>& roles, Permission permission);
// The names of every permission `roles` grant, for clients that adapt what they show.
std::vector<std::string_view> GrantedPermissionNames(const std::vector<Role>& roles);
// The same check by permission name (events on the bus carry names); unknown names: false.
bool AllowsNamed(const std::vector<Role>& roles, std::string_view permission);

// "reception,manager" <-> roles; parsing rejects unknown names and an empty list.
std::string JoinRoles(const std::vector<Role>& roles);
std::optional<std::vector<Role>> ParseRoles(std::string_view csv);

}  // namespace guichet::identity
