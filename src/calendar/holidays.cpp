#include "calendar/holidays.hpp"
