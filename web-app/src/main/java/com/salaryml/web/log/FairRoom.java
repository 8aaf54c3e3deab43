package com.salaryml.web.log;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The room of a prediction record queue, counted in records and shared so that a flood of batches cannot crowd
 * out single predictions (issue #21: three flooders once dropped 2 of 40 genuine predictions). A request's
 * records are taken or refused as a whole: a batch is never logged in part, and a record is never taken only to
 * be dropped later for want of room.
 *
 * <p>A tenth of the room is kept for requests of one record, which take any free place; a batch is taken only if
 * it needs at most half of the room left beside that reserve. So batches together never reach the reserve (after
 * a batch of n is taken, at least the reserve and n more stay free), one large batch cannot take all that is left
 * from the next, smaller batches still fit when large ones are refused, and single predictions find room while no
 * more of them wait than the reserve holds. The room a record takes is given back once its writer has handed it
 * on: to the file, or to the database.
 */
public final class FairRoom {

    /** The share of the room kept for single predictions: a tenth. */
    private static final int RESERVE_DIVISOR = 10;

    private final int capacity;
    private final int reserve;
    /** Records taken and not yet handed on: the room in use. */
    private final AtomicInteger used = new AtomicInteger();

    /** @param capacity the records the queue may hold */
    public FairRoom(int capacity) {
        this.capacity = capacity;
        this.reserve = Math.max(1, capacity / RESERVE_DIVISOR);
    }

    /** Takes room for a request's {@code records} if the rules above allow it; false, and nothing taken, if not. */
    public boolean claim(int records) {
        while (true) {
            int taken = used.get();
            int free = capacity - taken;
            boolean fits = records == 1 ? free >= 1 : records <= (free - reserve) / 2;
            if (!fits) {
                return false;
            }
            if (used.compareAndSet(taken, taken + records)) {
                return true;
            }
        }
    }

    /** Gives back the room of {@code records} handed on or dropped. */
    public void release(int records) {
        used.addAndGet(-records);
    }

    /** The records that hold room now. */
    public int used() {
        return used.get();
    }

    public int capacity() {
        return capacity;
    }
}
