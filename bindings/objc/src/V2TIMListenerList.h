/* The listeners of one kind added to a manager: retained while added, read as a snapshot so a
 * listener may add or remove listeners from inside a callback. */
#import <Foundation/Foundation.h>

@interface V2TIMListenerList : NSObject {
  @private
    NSLock *_lock;
    NSMutableArray *_items;
}
/* Adding a listener already there changes nothing. */
- (void)add:(id)listener;
- (void)remove:(id)listener;
- (NSArray *)snapshot;
- (NSUInteger)count;
@end

/* Calls `call` for each listener in list that implements sel; one that throws does not keep
 * the others from hearing the event. */
void v2_notify(V2TIMListenerList *list, SEL sel, void (^call)(id listener));
