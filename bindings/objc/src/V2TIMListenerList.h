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
@end
