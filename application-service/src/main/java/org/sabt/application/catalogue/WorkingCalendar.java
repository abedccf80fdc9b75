package org.sabt.application.catalogue;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Set;

/**
 * Working days of a country: not a weekend, not a public holiday, in the country's time zone (what day it is).
 * Deadlines count in them, as the law does.
 */
public record WorkingCalendar(ZoneId timeZone, Set<DayOfWeek> weekends, Set<LocalDate> holidays) {

    /** The country's day at an instant. */
    public LocalDate dayOf(Instant instant) {
        return LocalDate.ofInstant(instant, timeZone);
    }

    public boolean isWorkingDay(LocalDate day) {
        return !weekends.contains(day.getDayOfWeek()) && !holidays.contains(day);
    }

    /**
     * The day by which something due {@code days} working days after {@code from} must be done: with 0, the same
     * working day (the next one when {@code from} is not a working day).
     */
    public LocalDate deadline(LocalDate from, int days) {
        LocalDate day = from;
        while (!isWorkingDay(day)) {
            day = day.plusDays(1);
        }
        return plusWorkingDays(day, days);
    }

    /** The day {@code days} working days after {@code from} (each step lands on a working day). */
    public LocalDate plusWorkingDays(LocalDate from, int days) {
        LocalDate day = from;
        for (int left = days; left > 0; ) {
            day = day.plusDays(1);
            if (isWorkingDay(day)) {
                left--;
            }
        }
        return day;
    }

    /** Working days in [from, until): how long the clock stood still between the two days. */
    public int workingDaysBetween(LocalDate from, LocalDate until) {
        int n = 0;
        for (LocalDate day = from; day.isBefore(until); day = day.plusDays(1)) {
            if (isWorkingDay(day)) {
                n++;
            }
        }
        return n;
    }
}
