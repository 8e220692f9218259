use core::fmt;

/// A calendar date from the registry (`2024-12-06`), with no time zone.
///
/// ```
/// use smtp_status::{Date, REGISTRY_UPDATED};
/// assert!(REGISTRY_UPDATED >= Date::new(2024, 12, 6));
/// assert_eq!(Date::new(2014, 8, 28).to_string(), "2014-08-28");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

impl Date {
    /// A date from its parts. The registry's dates are valid; this does not check.
    #[inline]
    pub const fn new(year: u16, month: u8, day: u8) -> Date {
        Date { year, month, day }
    }

    /// The year.
    #[inline]
    pub const fn year(self) -> u16 {
        self.year
    }

    /// The month, 1 to 12.
    #[inline]
    pub const fn month(self) -> u8 {
        self.month
    }

    /// The day of the month, 1 to 31.
    #[inline]
    pub const fn day(self) -> u8 {
        self.day
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}
